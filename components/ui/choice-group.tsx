import type { UseFormRegisterReturn } from "react-hook-form";
import { cx } from "./cx";
import { FieldFooter } from "./field";

export type Choice = { value: string; label: string; detail?: string; disabled?: boolean; disabledReason?: string };

/**
 * A radio group drawn as segmented buttons: native radios underneath, so arrow keys,
 * labels and form state all work as the platform intends.
 */
export function ChoiceGroup({
  name,
  legend,
  choices,
  registration,
  selected,
  onSelect,
  error,
  hint,
  layout = "grid",
}: {
  name: string;
  legend: string;
  choices: Choice[];
  /** A field of a form; or, for a choice that is not one, `selected` and `onSelect`. */
  registration?: UseFormRegisterReturn;
  selected?: string;
  onSelect?: (value: string) => void;
  error?: string;
  hint?: string;
  /** `list`: one choice a row, for choices with a long line each. */
  layout?: "grid" | "list";
}) {
  const describedBy = [
    error ? `${name}-error` : null,
    hint ? `${name}-hint` : null,
    ...choices.filter((c) => c.disabled && c.disabledReason).map((c) => `${name}-${c.value}-reason`),
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset
      className="space-y-1.5"
      aria-describedby={describedBy || undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">{legend}</legend>
      <div
        className={cx(
          "grid gap-1.5",
          layout === "list" ? "grid-cols-1" : "grid-cols-[repeat(auto-fit,minmax(5.5rem,1fr))]",
        )}
      >
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={cx(
              "relative flex cursor-pointer flex-col rounded-lg border px-3 text-sm transition-colors",
              layout === "list" ? "py-1.5" : "py-2",
              "border-zinc-300 bg-white hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-zinc-600",
              "has-[:checked]:border-violet-500 has-[:checked]:bg-violet-50 has-[:checked]:ring-1 has-[:checked]:ring-violet-500 dark:has-[:checked]:bg-violet-950/40",
              "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500",
              choice.disabled && "cursor-not-allowed opacity-50 hover:border-zinc-300 dark:hover:border-zinc-700",
              error && "has-[:checked]:border-red-500 has-[:checked]:ring-red-500",
            )}
          >
            <input
              type="radio"
              value={choice.value}
              disabled={choice.disabled}
              className="sr-only"
              // The name is the label alone; the detail is read as its description.
              aria-label={choice.label}
              aria-describedby={choice.detail ? `${name}-${choice.value}-detail` : undefined}
              {...(registration ?? {
                name,
                checked: selected === choice.value,
                onChange: () => onSelect?.(choice.value),
              })}
            />
            <span className="font-medium" aria-hidden="true">
              {choice.label}
            </span>
            {choice.detail && (
              // zinc-600: zinc-500 falls to 4.4:1 on the checked option's violet-50 (Lighthouse color-contrast).
              <span id={`${name}-${choice.value}-detail`} className="text-xs text-zinc-600 dark:text-zinc-400">
                {choice.detail}
              </span>
            )}
          </label>
        ))}
      </div>
      {choices
        .filter((c) => c.disabled && c.disabledReason)
        .map((c) => (
          <p key={c.value} id={`${name}-${c.value}-reason`} className="text-xs text-zinc-500 dark:text-zinc-400">
            {c.disabledReason}
          </p>
        ))}
      <FieldFooter id={name} hint={hint} error={error} />
    </fieldset>
  );
}
