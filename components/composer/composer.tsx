"use client";
import { useEffect, useRef, useState } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import type { ApiError } from "@/lib/query/api";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { useCreateVideo } from "@/lib/query/tasks";
import {
  CHARACTER_SPAN_MAX_S,
  CHARACTER_SPAN_MIN_S,
  DURATIONS,
  FRAME_SIZES,
  IMAGE_URLS_MAX,
  LONG_DURATION,
  LONG_DURATION_MODEL,
  PROMPT_MAX_CHARS,
  durationsFor,
} from "@/lib/schemas/rules";
import { Button } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Field, inputClass } from "@/components/ui/field";
import { recentPrompts, rememberPrompt, useDraft } from "./draft";
import { composerDefaults, composerResolver, toGenerationInput, type ComposerValues } from "./form-values";
import { RequestPreview, type UpstreamInfo } from "./request-preview";

const MODEL_CHOICES = [
  { value: "sora-2", label: "sora-2", detail: "Fast, 10–15 s" },
  { value: "sora-2-pro", label: "sora-2-pro", detail: "Best quality, up to 25 s" },
];

const ORIENTATION_CHOICES = [
  { value: "landscape", label: "Landscape", detail: "16:9" },
  { value: "portrait", label: "Portrait", detail: "9:16" },
  { value: "square", label: "Square", detail: "1:1" },
];

/** The longest duration a model makes. */
function longestFor(model: ComposerValues["model"]): number {
  return Math.max(...durationsFor(model));
}

/** The ids of the hint and error under a field (see components/ui/field.tsx), for aria-describedby. */
function describedBy(id: string, error: string | undefined, hasHint = false): string | undefined {
  if (error) return `${id}-error`;
  return hasHint ? `${id}-hint` : undefined;
}

export function Composer({ upstream }: { upstream: UpstreamInfo }) {
  const form = useForm<ComposerValues, unknown, GenerationRequest>({
    resolver: composerResolver,
    defaultValues: composerDefaults,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { register, handleSubmit, formState, setError, trigger, control, setValue, getValues } = form;
  const { errors, isSubmitted } = formState;
  // One watch of the whole form: the preview needs all of it, the rest reads from it.
  const values = useWatch({ control }) as ComposerValues;
  const { model, size, orientation, prompt, image_urls: imageUrls } = values;
  const create = useCreateVideo();
  useDraft(form);
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => setRecent(recentPrompts()), []);
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);

  // The 25 s rule depends on the model: when the model changes, re-check the duration at once.
  useEffect(() => {
    if (isSubmitted || getValues("duration") === String(LONG_DURATION)) void trigger("duration");
  }, [model, isSubmitted, getValues, trigger]);

  // One submission at a time, however Generate is triggered (a click, a held Ctrl+Enter):
  // each one may become a paid task.
  const submitting = useRef(false);
  const onSubmit = handleSubmit(async (request) => {
    if (submitting.current) return;
    submitting.current = true;
    setNotice(null);
    try {
      const { task } = await create.mutateAsync(request);
      setRecent(rememberPrompt(request.prompt));
      setNotice({ kind: "info", text: task.state === "queued" && task.error ? `Accepted; ${task.error.message}` : "Accepted. Your video is on its way: follow it in the gallery." });
    } catch (error) {
      const apiError = error as ApiError;
      apiError.issues.forEach((issue, i) => setError(issue.path as Path<ComposerValues>, { message: issue.message }, { shouldFocus: i === 0 }));
      setNotice({ kind: "error", text: apiError.message });
    } finally {
      submitting.current = false;
    }
  });

  // The optional section opens itself when one of its fields has an error, and otherwise
  // stays as the user left it (it never snaps shut while they are fixing something).
  const advancedError = Boolean(errors.image_urls || errors.character_url || errors.character_start || errors.character_end);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  useEffect(() => {
    if (advancedError) setAdvancedOpen(true);
  }, [advancedError]);

  const allowed = durationsFor(model);
  const duration = Number(values.duration);
  const conflict = !allowed.some((d) => d === duration) && DURATIONS.some((d) => d === duration);
  const durationChoices = DURATIONS.map((d) => ({
    value: String(d),
    label: `${d} s`,
    // The user's own choice is never disabled under them (the form would silently drop it):
    // it stays selected, flagged as a conflict with its fixes.
    disabled: !allowed.includes(d) && values.duration !== String(d),
    disabledReason: !allowed.includes(d) ? `${LONG_DURATION} s needs ${LONG_DURATION_MODEL}.` : undefined,
  }));
  const sizeChoices = (["small", "large"] as const).map((s) => ({
    value: s,
    label: s === "small" ? "Small" : "Large",
    detail: `${FRAME_SIZES[s].landscape.height}p`,
  }));

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="composer-title" className="space-y-5">
      <div className="flex items-center justify-between">
        <h2 id="composer-title" className="text-base font-semibold">
          New video
        </h2>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {FRAME_SIZES[size][orientation].width}×{FRAME_SIZES[size][orientation].height}
        </span>
      </div>

      <Field
        id="prompt"
        label="Prompt"
        error={errors.prompt?.message}
        aside={
          <span className="flex items-center gap-2">
            {recent.length > 0 && (
              <select
                aria-label="Recent prompts"
                value=""
                onChange={(e) => e.target.value && setValue("prompt", e.target.value, { shouldValidate: isSubmitted, shouldDirty: true })}
                className="max-w-[9rem] rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-xs text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
              >
                <option value="">Recent…</option>
                {recent.map((p) => (
                  <option key={p} value={p}>
                    {p.length > 60 ? `${p.slice(0, 60)}…` : p}
                  </option>
                ))}
              </select>
            )}
            <span className={prompt.length > PROMPT_MAX_CHARS ? "text-xs font-medium text-red-600" : "text-xs text-zinc-500 dark:text-zinc-400"}>
              {prompt.length}/{PROMPT_MAX_CHARS}
            </span>
          </span>
        }
      >
        <textarea
          id="prompt"
          rows={5}
          placeholder="A paper boat drifting down a rain-soaked street at dusk, neon reflections, slow dolly shot"
          className={`${inputClass} resize-y`}
          aria-invalid={errors.prompt ? true : undefined}
          aria-describedby={describedBy("prompt", errors.prompt?.message)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && !e.repeat) {
              e.preventDefault();
              void onSubmit();
            }
          }}
          {...register("prompt")}
        />
      </Field>

      <ChoiceGroup name="model" legend="Model" choices={MODEL_CHOICES} registration={register("model")} error={errors.model?.message} />
      <ChoiceGroup name="duration" legend="Duration" choices={durationChoices} registration={register("duration")} error={errors.duration?.message} />
      {conflict && (
        // Switching model never changes another choice behind the user's back: the clash is shown with both fixes.
        <div role="group" aria-label="Model and duration conflict" className="-mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          <span className="basis-full">
            {duration} s needs {LONG_DURATION_MODEL}; {model} makes up to {longestFor(model)} s.
          </span>
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setValue("duration", String(longestFor(model)), { shouldValidate: true })}>
            Use {longestFor(model)} s
          </Button>
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setValue("model", LONG_DURATION_MODEL, { shouldValidate: true })}>
            Use {LONG_DURATION_MODEL}
          </Button>
        </div>
      )}
      <ChoiceGroup name="size" legend="Size" choices={sizeChoices} registration={register("size")} error={errors.size?.message} />
      <ChoiceGroup name="orientation" legend="Orientation" choices={ORIENTATION_CHOICES} registration={register("orientation")} error={errors.orientation?.message} />

      <details className="group rounded-lg border border-zinc-200 dark:border-zinc-800" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
          References and character <span className="font-normal text-zinc-500">(optional)</span>
        </summary>
        <div className="space-y-4 border-t border-zinc-200 p-3 dark:border-zinc-800">
          <div className="space-y-2">
            <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Reference images</p>
            {imageUrls.map((_, index) => (
              <div key={index} className="flex items-start gap-2">
                <div className="flex-1">
                  <Field id={`image_urls.${index}`} label={`Reference image ${index + 1} URL`} error={errors.image_urls?.[index]?.message}>
                    <input
                      id={`image_urls.${index}`}
                      type="url"
                      inputMode="url"
                      placeholder="https://…/reference.jpg"
                      className={inputClass}
                      aria-invalid={errors.image_urls?.[index] ? true : undefined}
                      aria-describedby={describedBy(`image_urls.${index}`, errors.image_urls?.[index]?.message)}
                      {...register(`image_urls.${index}`)}
                    />
                  </Field>
                </div>
                <Button
                  variant="ghost"
                  className="mt-7"
                  aria-label={`Remove reference image ${index + 1}`}
                  onClick={() => setValue("image_urls", getValues("image_urls").filter((__, i) => i !== index), { shouldValidate: isSubmitted })}
                >
                  ✕
                </Button>
              </div>
            ))}
            {errors.image_urls?.message && <p className="text-xs font-medium text-red-600 dark:text-red-400">{errors.image_urls.message}</p>}
            <Button variant="secondary" disabled={imageUrls.length >= IMAGE_URLS_MAX} onClick={() => setValue("image_urls", [...getValues("image_urls"), ""])}>
              + Add image URL
            </Button>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Up to {IMAGE_URLS_MAX} https:// images the video should follow.</p>
          </div>

          <Field id="character_url" label="Character clip URL" hint="An https:// video of the character (no real people)." error={errors.character_url?.message}>
            <input id="character_url" type="url" inputMode="url" placeholder="https://…/character.mp4" className={inputClass} aria-invalid={errors.character_url ? true : undefined} aria-describedby={describedBy("character_url", errors.character_url?.message, true)} {...register("character_url")} />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field id="character_start" label="Start (s)" error={errors.character_start?.message}>
              <input id="character_start" type="number" inputMode="decimal" step="0.1" min="0" className={inputClass} aria-invalid={errors.character_start ? true : undefined} aria-describedby={describedBy("character_start", errors.character_start?.message)} {...register("character_start")} />
            </Field>
            <Field id="character_end" label="End (s)" error={errors.character_end?.message}>
              <input id="character_end" type="number" inputMode="decimal" step="0.1" min="0" className={inputClass} aria-invalid={errors.character_end ? true : undefined} aria-describedby={describedBy("character_end", errors.character_end?.message)} {...register("character_end")} />
            </Field>
          </div>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            The part of the clip to use: {CHARACTER_SPAN_MIN_S}–{CHARACTER_SPAN_MAX_S} seconds long.
          </p>
        </div>
      </details>

      <RequestPreview input={toGenerationInput(values)} upstream={upstream} />

      {notice && (
        <div
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid="composer-notice"
          className={
            notice.kind === "error"
              ? "rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
              : "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"
          }
        >
          {notice.text}
        </div>
      )}

      <div className="flex items-center justify-between gap-3">
        <span className="hidden text-xs text-zinc-500 sm:inline dark:text-zinc-400">Ctrl/⌘ + Enter to generate</span>
        <Button type="submit" disabled={create.isPending} className="w-full sm:w-auto">
          {create.isPending ? "Submitting…" : "Generate"}
        </Button>
      </div>
    </form>
  );
}
