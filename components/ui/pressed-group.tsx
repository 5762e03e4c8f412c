import { cx } from "./cx";

export type PressedOption<T extends string> = { value: T; label: string; lang?: string };

/**
 * A small labelled group of toggle buttons of which one is pressed (theme, language): each is a
 * plain button and a Tab stop, with aria-pressed saying which one is on.
 */
export function PressedGroup<T extends string>({
  label,
  options,
  value,
  onChoose,
  busy,
}: {
  label: string;
  options: readonly PressedOption<T>[];
  value: T;
  onChoose: (value: T) => void;
  busy?: boolean;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      aria-busy={busy || undefined}
      className="inline-flex rounded-lg border border-zinc-300 p-0.5 text-xs dark:border-zinc-700"
    >
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          lang={option.lang}
          aria-pressed={value === option.value}
          onClick={() => onChoose(option.value)}
          className={cx(
            "rounded-md px-2 py-1 font-medium transition-colors",
            value === option.value
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
