"use client";
import { useMemo, useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { schemaResolver } from "@/components/ui/form/schema-resolver";
import { issueText } from "@/lib/i18n/schema-issues";
import { ApiError } from "@/lib/query/api";
import { authApi } from "@/lib/query/auth-api";
import { inviteAcceptSchema, loginSchema, PASSWORD_MIN_CHARS, setupSchema } from "@/lib/schemas/accounts";

// The three forms that end signed in: sign-in, the first admin's setup, and an invitation.
// The same shared schemas the routes parse check each field as it is typed.

type Kind = "login" | "setup" | "invite";
type Values = { email: string; name: string; password: string; token: string };

const SCHEMAS = {
  login: loginSchema,
  setup: setupSchema,
  invite: inviteAcceptSchema,
};

function send(kind: Kind, values: Values) {
  if (kind === "login") return authApi.login({ email: values.email, password: values.password });
  if (kind === "setup") return authApi.setup({ email: values.email, name: values.name, password: values.password });
  return authApi.acceptInvite({ token: values.token, name: values.name, password: values.password });
}

export function CredentialsForm({ kind, next = "/", token = "" }: { kind: Kind; next?: string; token?: string }) {
  const t = useTranslations("account");
  const tSchema = useTranslations("schema");
  const errorText = useErrorText();
  const [failure, setFailure] = useState<string | null>(null);
  const resolver = useMemo(
    () => schemaResolver(SCHEMAS[kind], { text: (issue) => issueText(issue, tSchema) }),
    [kind, tSchema],
  );
  const { register, handleSubmit, formState, setError } = useForm<Values>({
    // The resolver's output type differs per form; the values sent are picked in `send`.
    resolver: resolver as never,
    defaultValues: { email: "", name: "", password: "", token },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = formState;
  const asksEmail = kind !== "invite";
  const asksName = kind !== "login";
  const newPassword = kind !== "login";

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await send(kind, values);
      // A full load: every page and query starts again with the new session.
      window.location.assign(next);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        for (const issue of error.issues) setError(issue.path as Path<Values>, { message: issue.message });
      } else setFailure(errorText(error as Error));
    }
  });

  const describedBy = (field: keyof Values, hint?: boolean) =>
    errors[field] ? `${kind}-${field}-error` : hint ? `${kind}-${field}-hint` : undefined;

  return (
    // method="post": a submit before the scripts have run (slow network, a blocked script) must
    // never put the password in the address, the history or a proxy's log, as a GET would.
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="space-y-4"
      aria-describedby={failure ? `${kind}-failure` : undefined}
    >
      {asksEmail && (
        <Field id={`${kind}-email`} label={t("email")} error={errors.email?.message}>
          <input
            id={`${kind}-email`}
            type="email"
            autoComplete={kind === "login" ? "username" : "email"}
            autoFocus
            className={inputClass}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy("email")}
            {...register("email")}
          />
        </Field>
      )}
      {asksName && (
        <Field id={`${kind}-name`} label={t("name")} hint={t("nameHint")} error={errors.name?.message}>
          <input
            id={`${kind}-name`}
            autoComplete="name"
            autoFocus={!asksEmail}
            className={inputClass}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy("name", true)}
            {...register("name")}
          />
        </Field>
      )}
      <Field
        id={`${kind}-password`}
        label={newPassword ? t("newPassword") : t("password")}
        hint={newPassword ? t("passwordHint", { min: PASSWORD_MIN_CHARS }) : undefined}
        error={errors.password?.message}
      >
        <input
          id={`${kind}-password`}
          type="password"
          autoComplete={newPassword ? "new-password" : "current-password"}
          className={inputClass}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={describedBy("password", newPassword)}
          {...register("password")}
        />
      </Field>
      {failure && (
        <p
          id={`${kind}-failure`}
          role="alert"
          className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
        >
          {failure}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? t(`${kind}.submitting`) : t(`${kind}.submit`)}
      </Button>
    </form>
  );
}
