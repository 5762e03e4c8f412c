import { config, z } from "zod";
import { quotaOverrideSchema, type QuotaOverride } from "./quota";

// Pages run under a CSP without 'unsafe-eval' (proxy.ts). zod's full build compiles a fast
// object parser with `new Function` and, to know whether it may, tries `new Function("")` when
// the first z.object is made: the browser refuses it and reports a CSP violation, even though
// zod catches the error and parses without it. jitless skips the probe (and the compiled parser,
// which these small forms never needed). Set before the first z.object below; zod/mini, which
// the other schemas use, never compiles code.
config({ jitless: true });

// Team mode's requests, shared by the sign-in, setup, invitation and admin forms and by the
// routes that receive them: the same rules on both sides.

export const ROLES = ["admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 200;
export const NAME_MAX_CHARS = 80;

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: "Enter an email address like name@example.com" }))
  .transform((v) => v.toLowerCase());

const newPassword = z
  .string()
  .min(PASSWORD_MIN_CHARS, { message: `Use at least ${PASSWORD_MIN_CHARS} characters` })
  .max(PASSWORD_MAX_CHARS, { message: `Use at most ${PASSWORD_MAX_CHARS} characters` });

const name = z.string().trim().max(NAME_MAX_CHARS, { message: `Use at most ${NAME_MAX_CHARS} characters` });

export const loginSchema = z.object({
  email,
  // Not the new-password rules: an old password that no longer meets them must still sign in.
  password: z
    .string()
    .max(PASSWORD_MAX_CHARS)
    .refine((v) => v.length > 0, { message: "Enter your password", params: { i18n: "password.missing" } }),
});
export type LoginInput = z.input<typeof loginSchema>;

/** The first admin, on the one-time setup page. */
export const setupSchema = z.object({ email, name, password: newPassword });
export type SetupInput = z.input<typeof setupSchema>;

export const inviteCreateSchema = z.object({ email, role: z.enum(ROLES) });
export type InviteCreateInput = z.input<typeof inviteCreateSchema>;

export const inviteAcceptSchema = z.object({ token: z.string().min(16).max(128), name, password: newPassword });
export type InviteAcceptInput = z.input<typeof inviteAcceptSchema>;

export const userUpdateSchema = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), quota: z.optional(quotaOverrideSchema) })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.quota !== undefined, { message: "Send a role, disabled or quota" });
export type UserUpdateInput = z.input<typeof userUpdateSchema>;

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
