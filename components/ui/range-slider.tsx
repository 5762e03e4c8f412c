"use client";
import { cx } from "./cx";

// Two native range inputs over one track: each handle keeps the platform's keyboard use
// (arrows, Page Up/Down, Home/End) and its own label, and only the thumbs take the pointer,
// so either handle can be dragged wherever the other one is.

type Props = {
  min: number;
  max: number;
  step: number;
  start: number;
  end: number;
  startLabel: string;
  endLabel: string;
  /** Read out with each handle's value, e.g. "1.5 s". */
  valueText: (value: number) => string;
  onStart: (value: number) => void;
  onEnd: (value: number) => void;
  invalid?: boolean;
  describedBy?: string;
};

const thumb =
  "pointer-events-none absolute inset-0 h-6 w-full appearance-none bg-transparent focus:outline-none " +
  "[&::-webkit-slider-thumb]:pointer-events-auto [&::-webkit-slider-thumb]:h-5 [&::-webkit-slider-thumb]:w-3 [&::-webkit-slider-thumb]:cursor-ew-resize [&::-webkit-slider-thumb]:appearance-none [&::-webkit-slider-thumb]:rounded-sm [&::-webkit-slider-thumb]:border-2 [&::-webkit-slider-thumb]:border-white [&::-webkit-slider-thumb]:bg-violet-600 [&::-webkit-slider-thumb]:shadow " +
  "[&::-moz-range-thumb]:pointer-events-auto [&::-moz-range-thumb]:h-5 [&::-moz-range-thumb]:w-3 [&::-moz-range-thumb]:cursor-ew-resize [&::-moz-range-thumb]:rounded-sm [&::-moz-range-thumb]:border-2 [&::-moz-range-thumb]:border-white [&::-moz-range-thumb]:bg-violet-600 " +
  "focus-visible:[&::-webkit-slider-thumb]:ring-4 focus-visible:[&::-webkit-slider-thumb]:ring-violet-500/50";

export function RangeSlider({
  min,
  max,
  step,
  start,
  end,
  startLabel,
  endLabel,
  valueText,
  onStart,
  onEnd,
  invalid,
  describedBy,
}: Props) {
  const span = max - min || 1;
  const left = ((Math.min(start, end) - min) / span) * 100;
  const right = ((Math.max(start, end) - min) / span) * 100;
  return (
    <div className="relative h-6" data-testid="range-slider">
      <div className="absolute inset-x-0 top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-zinc-200 dark:bg-zinc-700" />
      <div
        className={cx("absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full", invalid ? "bg-red-500" : "bg-violet-500")}
        style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
      />
      {(
        [
          [startLabel, start, onStart],
          [endLabel, end, onEnd],
        ] as const
      ).map(([label, value, onChange]) => (
        <input
          key={label}
          type="range"
          aria-label={label}
          aria-valuetext={valueText(value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          min={min}
          max={max}
          step={step}
          value={value}
          onChange={(e) => onChange(Number(e.target.value))}
          className={thumb}
        />
      ))}
    </div>
  );
}
