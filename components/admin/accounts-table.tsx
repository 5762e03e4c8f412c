"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { LoadError } from "@/components/ui/load-error";
import { useUpdateUser, useUsers } from "@/lib/query/admin";
import { useQuotaDefaults } from "@/lib/query/quota";
import type { Role } from "@/lib/schemas/accounts";
import { QuotaForm, useQuotaSummary } from "./quota-form";
import { RoleOptions } from "./role-options";
import { TableHead } from "./table-head";

/** Every account with its role and state; an admin changes roles and disables or enables accounts here. */
export function AccountsTable({ selfId }: { selfId: string }) {
  const t = useTranslations("admin.users");
  const users = useUsers();
  const update = useUpdateUser();
  const tQuota = useTranslations("admin.quota");
  const summary = useQuotaSummary();
  const defaults = useQuotaDefaults();
  const [editing, setEditing] = useState<string | null>(null);
  const editingUser = users.data?.users.find((user) => user.id === editing);

  if (users.error) return <LoadError title={t("loadError")} error={users.error} onRetry={() => void users.refetch()} />;
  const cell = "px-3 py-2 align-middle";
  return (
    <div className="space-y-2">
      <ErrorAlert error={update.error} variant="box" />
      <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[44rem] text-left text-sm" aria-busy={users.isPending}>
          <TableHead cell={cell} labels={[t("email"), t("name"), t("role"), t("status"), t("quota")]}>
            <th className={cell}>
              <span className="sr-only">{t("disable")}</span>
            </th>
          </TableHead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {(users.data?.users ?? []).map((user) => {
              const self = user.id === selfId;
              const busy = update.isPending && update.variables?.id === user.id;
              return (
                <tr
                  key={user.id}
                  data-testid="account-row"
                  className={user.disabled ? "text-zinc-400 dark:text-zinc-500" : undefined}
                >
                  <td className={cell}>
                    {user.email}
                    {self && <span className="ml-1.5 text-xs text-zinc-500">({t("you")})</span>}
                  </td>
                  <td className={cell}>{user.name}</td>
                  <td className={cell}>
                    <select
                      aria-label={t("roleOf", { email: user.email })}
                      className={`${inputClass} w-32 py-1`}
                      value={user.role}
                      disabled={busy}
                      onChange={(e) => update.mutate({ id: user.id, change: { role: e.target.value as Role } })}
                    >
                      <RoleOptions />
                    </select>
                  </td>
                  <td className={cell}>{user.disabled ? t("disabled") : t("active")}</td>
                  <td className={cell}>
                    <span className="mr-2 text-xs text-zinc-600 dark:text-zinc-400">{summary(user.quota)}</span>
                    <Button
                      variant="ghost"
                      className="px-2 py-1"
                      aria-label={t("editQuotaOf", { email: user.email })}
                      aria-expanded={editing === user.id}
                      onClick={() => setEditing(editing === user.id ? null : user.id)}
                    >
                      {t("editQuota")}
                    </Button>
                  </td>
                  <td className={`${cell} text-right`}>
                    <Button
                      variant={user.disabled ? "secondary" : "ghost"}
                      className="py-1"
                      disabled={self || busy}
                      onClick={() => update.mutate({ id: user.id, change: { disabled: !user.disabled } })}
                    >
                      {user.disabled ? t("enable") : t("disable")}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editingUser && (
        <section
          aria-labelledby="quota-override-title"
          data-testid="quota-override"
          className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <h4 id="quota-override-title" className="text-sm font-semibold">
            {tQuota("overrideTitle", { email: editingUser.email })}
          </h4>
          <QuotaForm
            key={editingUser.id}
            kind="override"
            idPrefix={`quota-${editingUser.id}`}
            initial={editingUser.quota}
            defaults={defaults.data}
            saving={update.isPending}
            onSave={(quota) =>
              update.mutate({ id: editingUser.id, change: { quota } }, { onSuccess: () => setEditing(null) })
            }
            onCancel={() => setEditing(null)}
          />
        </section>
      )}
    </div>
  );
}
