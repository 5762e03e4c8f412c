"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { AppLink } from "@/components/ui/app-link";
import { authApi } from "@/lib/query/auth-api";
import type { Role } from "@/lib/schemas/accounts";

/** The signed-in account in the header (team mode): who, which role, the admin page, and signing out. */
export function AccountMenu({ name, email, role }: { name: string; email: string; role: Role }) {
  const t = useTranslations("account");
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const signOut = async (everywhere: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      await authApi.logout(everywhere);
      window.location.assign("/login");
    } catch (error) {
      setFailure(errorText(error as Error));
      setBusy(false);
    }
  };

  const item =
    "block w-full rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 disabled:opacity-50 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";
  return (
    <details className="relative" data-testid="account-menu">
      <summary
        aria-label={t("menu.label")}
        className="flex cursor-pointer list-none items-center gap-2 rounded-full border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden"
      >
        <span
          aria-hidden="true"
          className="grid size-6 place-items-center rounded-full bg-violet-600 text-xs font-semibold uppercase text-white"
        >
          {(name || email).slice(0, 1)}
        </span>
        <span className="max-w-40 truncate">{name || email}</span>
        <span className="rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {t(`role.${role}`)}
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-2 w-64 rounded-xl border border-zinc-200 bg-white p-1.5 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
        <p className="truncate px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
          {t("menu.signedInAs", { who: email })}
        </p>
        {role === "admin" && (
          <AppLink href="/admin" className={item}>
            {t("menu.admin")}
          </AppLink>
        )}
        <button type="button" className={item} disabled={busy} onClick={() => void signOut(false)}>
          {t("menu.signOut")}
        </button>
        <button
          type="button"
          className={item}
          disabled={busy}
          onClick={() => void signOut(true)}
          title={t("menu.signOutEverywhereHint")}
        >
          {t("menu.signOutEverywhere")}
        </button>
        {failure && (
          <p role="alert" className="px-3 py-2 text-xs text-red-700 dark:text-red-300">
            {failure}
          </p>
        )}
      </div>
    </details>
  );
}
