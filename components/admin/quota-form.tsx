"use client";
import { useForm, type Resolver } from "react-hook-form";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { schemaResolver } from "@/components/ui/form/schema-resolver";
import { quotaLimitsSchema, quotaOverrideSchema, type QuotaLimits, type QuotaOverride } from "@/lib/schemas/quota";

// One form for the team's default quota and for one account's overrides. Each number is a
// choice (no limit, a limit, or, for an account, the team's default) so "unlimited" and
// "follow the team" can never be confused with an empty box.

const NUMBERS = ["secondsPerDay", "secondsPerMonth", "concurrent"] as const;
type NumberField = (typeof NUMBERS)[number];
type Mode = "inherit" | "none" | "limit";
export type QuotaFormValues = Record<`${NumberField}Mode`, Mode> &
  Record<NumberField, string> & { allowPro: "inherit" | "yes" | "no"; maxSize: "inherit" | "small" | "large" };

type Kind = "defaults" | "override";

/** The settings chosen from a list: each option's value and its words. */
const CHOICES = {
  allowPro: [
    ["yes", "yes"],
    ["no", "no"],
  ],
  maxSize: [
    ["small", "size.small"],
    ["large", "size.large"],
  ],
} as const;
const CHOICE_FIELDS = Object.keys(CHOICES) as (keyof typeof CHOICES)[];

function toValues(limits: QuotaOverride, kind: Kind): QuotaFormValues {
  const inherit = kind === "override";
  const values = {} as QuotaFormValues;
  for (const field of NUMBERS) {
    const value = limits[field];
    values[`${field}Mode`] =
      value === undefined && inherit ? "inherit" : value === null || value === undefined ? "none" : "limit";
    values[field] = typeof value === "number" ? String(value) : "";
  }
  values.allowPro = limits.allowPro === undefined ? (inherit ? "inherit" : "yes") : limits.allowPro ? "yes" : "no";
  values.maxSize = limits.maxSize ?? (inherit ? "inherit" : "large");
  return values;
}

function toLimits(values: QuotaFormValues): QuotaOverride {
  const out: Record<string, unknown> = {};
  for (const field of NUMBERS) {
    const mode = values[`${field}Mode`];
    if (mode === "none") out[field] = null;
    // A blank or half-typed number stays visible to the schema (and is refused at its field).
    if (mode === "limit") out[field] = (values[field] ?? "").trim() === "" ? Number.NaN : Number(values[field]);
  }
  if (values.allowPro !== "inherit") out.allowPro = values.allowPro === "yes";
  if (values.maxSize !== "inherit") out.maxSize = values.maxSize;
  return out as QuotaOverride;
}

type Props = {
  kind: Kind;
  initial: QuotaOverride;
  /** The team's defaults, shown as what "team default" means on an account's form. */
  defaults?: QuotaLimits;
  saving: boolean;
  onSave: (limits: QuotaOverride) => void;
  onCancel?: () => void;
  idPrefix: string;
};

export function QuotaForm({ kind, initial, defaults, saving, onSave, onCancel, idPrefix }: Props) {
  const t = useTranslations("admin.quota");
  const schema = kind === "defaults" ? quotaLimitsSchema : quotaOverrideSchema;
  // Only a number box can be refused (the selects offer valid choices alone), always for the one rule.
  const resolver: Resolver<QuotaFormValues, unknown, QuotaOverride> = schemaResolver(schema, {
    text: () => t("whole"),
    transform: toLimits,
  });
  const { register, handleSubmit, watch, formState } = useForm<QuotaFormValues, unknown, QuotaOverride>({
    resolver,
    defaultValues: toValues(initial, kind),
    mode: "onChange",
  });
  const describe = (
    value: number | null | boolean | string | undefined,
    field: NumberField | "allowPro" | "maxSize",
  ) =>
    value === null
      ? t("none")
      : typeof value === "boolean"
        ? value
          ? t("yes")
          : t("no")
        : field === "maxSize"
          ? t(`size.${value as "small" | "large"}`)
          : String(value);
  // On an account's form every setting may follow the team's default, which it names.
  const inheritOption = (field: NumberField | keyof typeof CHOICES) =>
    kind === "override" && (
      <option value="inherit">{t("inherit", { value: describe(defaults?.[field], field) })}</option>
    );

  return (
    <form
      onSubmit={handleSubmit(onSave)}
      noValidate
      className="space-y-3"
      aria-label={kind === "defaults" ? t("defaultsTitle") : t("overrideTitle")}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        {NUMBERS.map((field) => {
          const id = `${idPrefix}-${field}`;
          const limited = watch(`${field}Mode`) === "limit";
          return (
            <Field key={field} id={id} label={t(`fields.${field}`)} error={formState.errors[field]?.message}>
              <div className="flex gap-2">
                <select
                  aria-label={t("modeOf", { field: t(`fields.${field}`) })}
                  className={`${inputClass} w-auto`}
                  {...register(`${field}Mode`)}
                >
                  {inheritOption(field)}
                  <option value="none">{t("none")}</option>
                  <option value="limit">{t("limit")}</option>
                </select>
                <input
                  id={id}
                  type="number"
                  min={0}
                  step={1}
                  inputMode="numeric"
                  disabled={!limited}
                  placeholder={watch(`${field}Mode`) === "inherit" ? describe(defaults?.[field], field) : undefined}
                  className={`${inputClass} min-w-0`}
                  aria-invalid={formState.errors[field] ? true : undefined}
                  {...register(field)}
                />
              </div>
            </Field>
          );
        })}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {CHOICE_FIELDS.map((field) => (
          <Field key={field} id={`${idPrefix}-${field}`} label={t(`fields.${field}`)}>
            <select id={`${idPrefix}-${field}`} className={inputClass} {...register(field)}>
              {inheritOption(field)}
              {CHOICES[field].map(([value, words]) => (
                <option key={value} value={value}>
                  {t(words)}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={saving}>
          {saving ? t("saving") : t("save")}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {t("cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

/** One line saying what an account's overrides are (or that it follows the team). */
export function useQuotaSummary(): (override: QuotaOverride) => string {
  const t = useTranslations("admin.quota");
  return (override) => {
    const parts: string[] = [];
    const amount = (v: number | null | undefined, key: "perDay" | "perMonth" | "atOnce") =>
      v !== undefined && parts.push(v === null ? t(`summary.${key}None`) : t(`summary.${key}`, { value: v }));
    amount(override.secondsPerDay, "perDay");
    amount(override.secondsPerMonth, "perMonth");
    amount(override.concurrent, "atOnce");
    if (override.allowPro !== undefined) parts.push(override.allowPro ? t("summary.pro") : t("summary.noPro"));
    if (override.maxSize !== undefined) parts.push(t(`summary.max.${override.maxSize}`));
    return parts.length === 0 ? t("summary.teamDefault") : parts.join(" · ");
  };
}
