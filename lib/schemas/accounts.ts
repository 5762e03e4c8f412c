// zod/mini, as every schema the browser loads: one client module on the full build keeps all of
// zod's core in every page's scripts (its unused parts can no longer be left out), the studio page's too.
import * as z from "zod/mini";
import { en } from "zod/locales";
import { quotaOverrideSchema, type QuotaOverride } from "./quota";

// The full build sets English messages for the built-in checks when it loads; zod/mini leaves
// that to the app. These forms show those messages where schema.json has no translation (and
// the routes answer with them), so the same English stays.
z.config(en());

// Team mode's requests, shared by the sign-in, setup, invitation and admin forms and by the
// routes that receive them: the same rules on both sides.

export const ROLES = ["admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 200;
export const NAME_MAX_CHARS = 80;

const email = z.pipe(
  z.pipe(
    z.string().check(z.trim(), z.maxLength(254)),
    z.email({ error: "Enter an email address like name@example.com" }),
  ),
  z.transform((v: string) => v.toLowerCase()),
);

const newPassword = z
  .string()
  .check(
    z.minLength(PASSWORD_MIN_CHARS, { error: `Use at least ${PASSWORD_MIN_CHARS} characters` }),
    z.maxLength(PASSWORD_MAX_CHARS, { error: `Use at most ${PASSWORD_MAX_CHARS} characters` }),
  );

const name = z
  .string()
  .check(z.trim(), z.maxLength(NAME_MAX_CHARS, { error: `Use at most ${NAME_MAX_CHARS} characters` }));

export const loginSchema = z.object({
  email,
  // Not the new-password rules: an old password that no longer meets them must still sign in.
  password: z.string().check(
    z.maxLength(PASSWORD_MAX_CHARS),
    z.refine((v) => v.length > 0, { error: "Enter your password", params: { i18n: "password.missing" } }),
  ),
});
export type LoginInput = z.input<typeof loginSchema>;
export type Login = z.output<typeof loginSchema>;

/** The first admin, on the one-time setup page. */
export const setupSchema = z.object({ email, name, password: newPassword });
export type SetupInput = z.input<typeof setupSchema>;
export type Setup = z.output<typeof setupSchema>;

export const inviteCreateSchema = z.object({ email, role: z.enum(ROLES) });
export type InviteCreateInput = z.input<typeof inviteCreateSchema>;
export type InviteCreate = z.output<typeof inviteCreateSchema>;

export const inviteAcceptSchema = z.object({
  token: z.string().check(z.minLength(16), z.maxLength(128)),
  name,
  password: newPassword,
});
export type InviteAcceptInput = z.input<typeof inviteAcceptSchema>;
export type InviteAccept = z.output<typeof inviteAcceptSchema>;

export const userUpdateSchema = z
  .strictObject({
    role: z.optional(z.enum(ROLES)),
    disabled: z.optional(z.boolean()),
    quota: z.optional(quotaOverrideSchema),
  })
  .check(
    z.refine((v) => v.role !== undefined || v.disabled !== undefined || v.quota !== undefined, {
      error: "Send a role, disabled or quota",
    }),
  );
export type UserUpdateInput = z.input<typeof userUpdateSchema>;
export type UserUpdate = z.output<typeof userUpdateSchema>;

/** What the browser learns about an account (never its hash or sessions). */
export type AccountView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  /** The quota fields set for this account alone; the rest follow the team default. */
  quota: QuotaOverride;
};

export type SignedInAccount = { id: string; email: string; name: string; role: Role };

export type InviteView = { id: string; email: string; role: Role; createdAt: string; expiresAt: string };
