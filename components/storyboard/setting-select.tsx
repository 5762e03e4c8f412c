"use client";
import { cx } from "@/components/ui/cx";
import { CompactField, inputClass } from "@/components/ui/field";

export type SelectOption = { value: string; label: string };

/** A small labelled <select>: the board's defaults and a shot's own settings. */
export function SettingSelect({
  id,
  label,
  value,
  options,
  onChange,
  disabled,
  error,
}: {
  id: string;
  label: string;
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
}) {
  return (
    <CompactField id={id} label={label} className="min-w-0">
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
        className={cx(inputClass, "py-1.5 pr-8")}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </CompactField>
  );
}
