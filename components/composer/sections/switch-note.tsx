"use client";
import { useTranslations } from "use-intl";
import { useComposerContext } from "../composer-context";

/** One line after a model switch: what it changed to fit the new model, and what it no longer sends. */
export function SwitchNote() {
  const t = useTranslations("composer.switch");
  const { switched } = useComposerContext();
  if (!switched) return null;
  const seconds = (s: string) => (s === "-1" ? t("automatic") : t("seconds", { seconds: s }));
  const changed = switched.changes.flatMap((c) =>
    c.kind === "changed"
      ? [
          t("changed", {
            field: t(`fields.${c.field}`),
            from: c.field === "duration" ? seconds(c.from) : c.from,
            to: c.field === "duration" ? seconds(c.to) : c.to,
          }),
        ]
      : [],
  );
  const dropped = switched.changes.flatMap((c) => (c.kind === "dropped" ? [t(`fields.${c.field}`)] : []));
  const parts = [...changed, ...(dropped.length > 0 ? [t("dropped", { fields: dropped.join(", ") })] : [])];
  return (
    <p
      role="status"
      data-testid="switch-note"
      className="rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
    >
      {t("line", { model: switched.model, parts: parts.join("; ") })}
    </p>
  );
}
