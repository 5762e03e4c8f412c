"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadError } from "@/components/ui/load-error";
import { useQuotaDefaults, useSetQuotaDefaults } from "@/lib/query/quota";
import type { QuotaLimits } from "@/lib/schemas/quota";
import { QuotaForm } from "./quota-form";

/** The team's default quota: what every account may generate unless it has its own limits. */
export function QuotaDefaults() {
  const t = useTranslations("admin.quota");
  const defaults = useQuotaDefaults();
  const save = useSetQuotaDefaults();
  const [saved, setSaved] = useState(false);
  if (defaults.error)
    return <LoadError title={t("loadError")} error={defaults.error} onRetry={() => void defaults.refetch()} />;
  if (!defaults.data)
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" aria-busy="true">
        …
      </p>
    );
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("defaultsIntro")}</p>
      <QuotaForm
        kind="defaults"
        idPrefix="quota-defaults"
        initial={defaults.data}
        saving={save.isPending}
        onSave={(limits) => {
          setSaved(false);
          save.mutate(limits as QuotaLimits, { onSuccess: () => setSaved(true) });
        }}
      />
      <p role="status" className="text-sm text-emerald-700 empty:hidden dark:text-emerald-300">
        {saved ? t("saved") : ""}
      </p>
      <ErrorAlert error={save.error} className="text-sm" />
    </div>
  );
}
