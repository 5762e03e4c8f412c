"use client";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useFormatter, useTranslations } from "use-intl";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { schemaResolver } from "@/components/ui/form/schema-resolver";
import { LoadError } from "@/components/ui/load-error";
import { issueText } from "@/lib/i18n/schema-issues";
import { useCreateInvite, useInvites, useRevokeInvite } from "@/lib/query/admin";
import { inviteCreateSchema, type InviteCreateInput } from "@/lib/schemas/accounts";
import { RoleOptions } from "./role-options";

/** Invite by one-time link: the form, the link just made (shown once), and the open invitations. */
export function Invitations() {
  const t = useTranslations("admin");
  const tSchema = useTranslations("schema");
  const create = useCreateInvite();
  const [made, setMade] = useState<{ email: string; link: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const { register, handleSubmit, formState, reset } = useForm<InviteCreateInput>({
    resolver: schemaResolver(inviteCreateSchema, { text: (issue) => issueText(issue, tSchema) }) as never,
    defaultValues: { email: "", role: "member" },
    mode: "onTouched",
  });
  const { errors } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setMade(null);
    setCopied(false);
    const { invite, path } = await create.mutateAsync(values).catch(() => ({ invite: null, path: null }));
    if (!invite || !path) return;
    setMade({ email: invite.email, link: new URL(path, window.location.origin).href });
    reset({ email: "", role: values.role });
  });

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <Field id="invite-email" label={t("invite.email")} error={errors.email?.message}>
          <input
            id="invite-email"
            type="email"
            className={inputClass}
            aria-invalid={errors.email ? true : undefined}
            {...register("email")}
          />
        </Field>
        <Field id="invite-role" label={t("invite.role")}>
          <select id="invite-role" className={inputClass} {...register("role")}>
            <RoleOptions />
          </select>
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={create.isPending}>
          {create.isPending ? t("invite.submitting") : t("invite.submit")}
        </Button>
      </form>
      <ErrorAlert error={create.error} variant="box" />
      {made && (
        <div
          className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-900 dark:bg-emerald-950/40"
          data-testid="invite-link"
        >
          <p className="text-sm font-medium">{t("invite.linkTitle", { email: made.email })}</p>
          <div className="mt-2 flex gap-2">
            <input
              readOnly
              value={made.link}
              aria-label={t("invite.linkTitle", { email: made.email })}
              className={`${inputClass} font-mono text-xs`}
              onFocus={(e) => e.target.select()}
            />
            <Button
              variant="secondary"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(made.link)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false))
              }
            >
              {copied ? t("invite.copied") : t("invite.copy")}
            </Button>
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{t("invite.linkHint")}</p>
        </div>
      )}
      <OpenInvites />
    </div>
  );
}

function OpenInvites() {
  const t = useTranslations("admin.invites");
  const tRole = useTranslations("account.role");
  const format = useFormatter();
  const invites = useInvites();
  const revoke = useRevokeInvite();
  if (invites.error)
    return <LoadError title={t("loadError")} error={invites.error} onRetry={() => void invites.refetch()} />;
  const list = invites.data?.invites ?? [];
  return (
    <section aria-labelledby="open-invites" className="space-y-2">
      <h3 id="open-invites" className="text-sm font-semibold">
        {t("title")}
      </h3>
      <ErrorAlert error={revoke.error} className="text-sm" />
      {invites.data && list.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("empty")}</p>}
      <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 empty:hidden dark:divide-zinc-800 dark:border-zinc-800">
        {list.map((invite) => (
          <li
            key={invite.id}
            className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
            data-testid="open-invite"
          >
            <span>
              {invite.email} · {tRole(invite.role)}{" "}
              <span className="text-xs text-zinc-500 dark:text-zinc-400" suppressHydrationWarning>
                {t("expires", {
                  date: format.dateTime(new Date(invite.expiresAt), { dateStyle: "medium", timeStyle: "short" }),
                })}
              </span>
            </span>
            <Button
              variant="ghost"
              className="py-1"
              aria-label={t("revokeLabel", { email: invite.email })}
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(invite.id)}
            >
              {t("revoke")}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
