"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import dynamic from "next/dynamic";
import { useForm, useWatch, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { ApiError } from "@/lib/query/api";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { useCreateRun, useCreateVideo, useTaskList } from "@/lib/query/tasks";
import { useQueryClient } from "@tanstack/react-query";
import { quotaKey } from "@/lib/query/keys";
import type { QuotaStatus, QuotaWanted } from "@/lib/schemas/quota";
import { expandVariations, variationsProblem } from "@/lib/schemas/variations";
import {
  DURATIONS,
  FRAME_SIZES,
  LONG_DURATION,
  LONG_DURATION_MODEL,
  MODELS,
  ORIENTATIONS,
  PROMPT_MAX_CHARS,
  SIZES,
  durationsFor,
  type Model,
  type Size,
} from "@/lib/schemas/rules";
import { clipProblems, clipProblemText, type ClipInfo } from "@/components/character/clip-rules";
import { useErrorText } from "@/components/i18n/use-error-text";
import { issueText } from "@/lib/i18n/schema-issues";
import { waitEstimate } from "@/components/task/estimate";
import { formatElapsed } from "@/components/task/task-status";
import { SaveToLibrary } from "@/components/prompts/save-to-library";
import { Button } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Field, inputClass } from "@/components/ui/field";
import { recentPrompts, rememberPrompt, useDraft } from "./draft";
import type { LocalIssue } from "@/components/ui/form/schema-resolver";
import { composerDefaults, composerResolver, toGenerationInput, type ComposerValues } from "./form-values";
import { ReferenceImages } from "./images/reference-images";
import { RequestPreview, type UpstreamInfo } from "../task/request-preview";
import type { QuotaBlock } from "./quota-meter";
import { SINGLE, Variations, planVariations, type VariationChoice } from "./variations";

// The clip builder (player, range, probing) loads when its section is first opened, not with the page.
// Team mode only: a single user's page never loads the quota's code.
const QuotaMeter = dynamic(() => import("./quota-meter").then((m) => m.QuotaMeter));
const CharacterClip = dynamic(() => import("@/components/character/character-clip").then((m) => m.CharacterClip), {
  ssr: false,
  loading: () => <div aria-busy="true" className="h-24 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" />,
});

/** The clip's fields judge each other (start < end, the span): a change to one re-checks all. */
const CHARACTER_FIELDS = ["character_url", "character_start", "character_end"] as const;
const ASPECT_LABELS = { landscape: "16:9", portrait: "9:16", square: "1:1" } as const;

/** The longest duration a model makes. */
function longestFor(model: ComposerValues["model"]): number {
  return Math.max(...durationsFor(model));
}

/** The ids of the hint and error under a field (see components/ui/field.tsx), for aria-describedby. */
function describedBy(id: string, error: string | undefined, hasHint = false): string | undefined {
  if (error) return `${id}-error`;
  return hasHint ? `${id}-hint` : undefined;
}

/** `quota`: the account's quota as the page rendered it; null when sign-in is off (no quota). */
export function Composer({ upstream, quota = null }: { upstream: UpstreamInfo; quota?: QuotaStatus | null }) {
  const t = useTranslations("composer");
  const tTask = useTranslations("task");
  // What only the browser knows (the clip's length, uploads still running) joins the schema's
  // checks through refs, so the resolver stays one stable function.
  const clip = useRef<ClipInfo>({});
  const imagesPending = useRef(0);
  const clipUploading = useRef(false);
  const tSchema = useTranslations("schema");
  // The translators sit in refs: the resolver stays one function and words each check in the current language.
  const tRef = useRef(t);
  tRef.current = t;
  const tSchemaRef = useRef(tSchema);
  tSchemaRef.current = tSchema;
  const resolver = useMemo(
    () =>
      composerResolver({
        text: (issue) => issueText(issue, tSchemaRef.current),
        localIssues: (values) => {
          const issues: LocalIssue<ComposerValues>[] = [];
          if (values.character_url.trim() === "") return issues;
          if (clip.current.error) issues.push({ path: "character_url", message: clip.current.error });
          const end = values.character_end.trim() === "" ? undefined : Number(values.character_end);
          for (const problem of clipProblems(clip.current.durationS, end)) {
            issues.push({
              path: problem.path,
              message: clipProblemText(problem, (key, values) => tRef.current(`character.${key}`, values)),
            });
          }
          return issues;
        },
      }),
    [],
  );
  const form = useForm<ComposerValues, unknown, GenerationRequest>({
    resolver,
    defaultValues: composerDefaults,
    // Every rule shows at its field as soon as the field changes, not only after a submit.
    mode: "onChange",
  });
  const { register, handleSubmit, formState, setError, trigger, control, setValue, getValues } = form;
  const { errors, isSubmitted } = formState;
  // One watch of the whole form: the preview needs all of it, the rest reads from it.
  const values = useWatch({ control }) as ComposerValues;
  const { model, size, orientation, prompt, image_urls: imageUrls } = values;
  const queryClient = useQueryClient();
  const create = useCreateVideo();
  const createRun = useCreateRun();
  const tVariations = useTranslations("variations");
  const [variations, setVariations] = useState<VariationChoice>(SINGLE);
  const [variationsError, setVariationsError] = useState<string | undefined>();
  const base = toGenerationInput(values);
  const plan = planVariations(variations, base);
  const errorText = useErrorText();
  // What the form would make now; in team mode the quota meter says whether it fits.
  const wanted = (plan.expansion?.requests ?? [base]).filter(
    (r) => MODELS.includes(r.model as Model) && SIZES.includes(r.size as Size),
  ) as QuotaWanted[];
  const [quotaBlock, setQuotaBlock] = useState<QuotaBlock | null>(null);
  const history = useTaskList().data?.pages.flatMap((p) => p.items) ?? [];
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  // Filled from elsewhere (edit and re-run, a library version): bring the form into view, nothing is sent yet.
  useDraft(form, () => {
    setNotice({ kind: "info", text: t("loaded") });
    const promptBox = document.getElementById("prompt");
    promptBox?.scrollIntoView({
      block: "center",
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth",
    });
    promptBox?.focus({ preventScroll: true });
  });
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => setRecent(recentPrompts()), []);

  // Shown errors are re-worded when the language changes (the checks run again in it).
  const locale = useLocale();
  const shownErrors = useRef(errors);
  shownErrors.current = errors;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language is the trigger; the checks read it through their messages
  useEffect(() => {
    const names = Object.keys(shownErrors.current) as Path<ComposerValues>[];
    if (names.length > 0) void trigger(names);
  }, [locale, trigger]);

  // The 25 s rule depends on the model: when the model changes, re-check the duration at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the model is the trigger; the rule reads it from the form
  useEffect(() => {
    if (isSubmitted || getValues("duration") === String(LONG_DURATION)) void trigger("duration");
  }, [model, isSubmitted, getValues, trigger]);

  // The clip's rules show live, as soon as the clip or the span changes (not only after a submit).
  const onClip = useCallback(
    (info: ClipInfo) => {
      clip.current = info;
      if (getValues("character_url").trim() !== "") void trigger([...CHARACTER_FIELDS]);
    },
    [getValues, trigger],
  );
  const setCharacterField = useCallback(
    (name: "character_url" | "character_start" | "character_end", value: string) => {
      setValue(name, value, { shouldDirty: true });
      if (getValues("character_url").trim() !== "" || isSubmitted) void trigger([...CHARACTER_FIELDS]);
    },
    [setValue, getValues, trigger, isSubmitted],
  );
  const onImagesPending = useCallback((count: number) => {
    imagesPending.current = count;
  }, []);
  const getImageUrls = useCallback(() => getValues("image_urls"), [getValues]);
  const setImageUrls = useCallback(
    (urls: string[]) => setValue("image_urls", urls, { shouldDirty: true, shouldValidate: true }),
    [setValue],
  );

  // One submission at a time, however Generate is triggered (a click, a held Ctrl+Enter):
  // each one may become a paid task.
  const submitting = useRef(false);
  const submitValid = handleSubmit(async (request) => {
    if (submitting.current) return;
    // Variations are expanded from the request as validated, exactly as the server will.
    const spec = plan.spec;
    const expansion = spec && expandVariations(request, spec);
    if (plan.problem || (expansion && variationsProblem(expansion))) {
      // The section already says why; Generate sends nothing.
      setNotice({ kind: "error", text: tVariations("blocked") });
      return;
    }
    if (quota && quotaBlock) {
      // Nothing is sent: the server would refuse it for the same reason.
      if (quotaBlock.path) setError(quotaBlock.path, { message: quotaBlock.text }, { shouldFocus: true });
      setNotice({ kind: "error", text: quotaBlock.text });
      return;
    }
    submitting.current = true;
    setNotice(null);
    setVariationsError(undefined);
    try {
      if (spec && expansion && expansion.requests.length > 1) {
        const { tasks } = await createRun.mutateAsync({ request, variations: spec });
        setRecent(rememberPrompt(request.prompt));
        setNotice({ kind: "info", text: tVariations("submitted", { count: tasks.length }) });
        return;
      }
      // One video (a repeat of 1, a matrix of one combination) is a plain generation.
      const { task } = await create.mutateAsync(expansion?.requests[0] ?? request);
      setRecent(rememberPrompt(request.prompt));
      setNotice({
        kind: "info",
        text:
          task.state === "queued" && task.error
            ? t("submit.acceptedQueued", { reason: task.error.message })
            : t("submit.accepted"),
      });
    } catch (error) {
      const apiError = error as ApiError;
      // A run's body nests the request: its issues (`request.prompt`) go to the same fields.
      const fieldIssues = apiError.issues.filter(
        (issue) => issue.path !== "variations" && !issue.path.startsWith("variations."),
      );
      for (const [i, issue] of fieldIssues.entries()) {
        setError(
          issue.path.replace(/^request\./, "") as Path<ComposerValues>,
          { message: issue.message },
          { shouldFocus: i === 0 },
        );
      }
      const variationsIssue = apiError.issues.find((issue) => !fieldIssues.includes(issue));
      if (variationsIssue) setVariationsError(variationsIssue.message);
      setNotice({ kind: "error", text: errorText(apiError) });
    } finally {
      submitting.current = false;
      if (quota) void queryClient.invalidateQueries({ queryKey: quotaKey });
    }
  });

  // A file still uploading is not in the form yet: the submit waits for it rather than leave it out.
  const onSubmit = (event?: React.BaseSyntheticEvent) => {
    const busy = imagesPending.current > 0 ? t("images.busy") : clipUploading.current ? t("character.busy") : undefined;
    if (!busy) return submitValid(event);
    event?.preventDefault();
    setNotice({ kind: "error", text: busy });
    return Promise.resolve();
  };

  // The character section opens itself when one of its fields has an error, and otherwise
  // stays as the user left it (it never snaps shut while they are fixing something).
  const characterError = Boolean(errors.character_url || errors.character_start || errors.character_end);
  const [characterOpen, setCharacterOpen] = useState(false);
  // Once opened, the builder stays mounted (closing the section keeps its probe and upload).
  const [characterUsed, setCharacterUsed] = useState(false);
  useEffect(() => {
    if (characterOpen) setCharacterUsed(true);
  }, [characterOpen]);
  useEffect(() => {
    if (characterError || values.character_url.trim() !== "") setCharacterOpen(true);
  }, [characterError, values.character_url]);

  const allowed = durationsFor(model);
  const duration = Number(values.duration);
  const conflict = !allowed.some((d) => d === duration) && DURATIONS.some((d) => d === duration);
  const modelChoices = MODELS.map((m) => ({ value: m, label: m, detail: t(`model.${m}`) }));
  const durationChoices = DURATIONS.map((d) => ({
    value: String(d),
    label: t("duration.choice", { seconds: d }),
    // The user's own choice is never disabled under them (the form would silently drop it):
    // it stays selected, flagged as a conflict with its fixes.
    disabled: !allowed.includes(d) && values.duration !== String(d),
    disabledReason: !allowed.includes(d)
      ? t("duration.needsModel", { seconds: LONG_DURATION, model: LONG_DURATION_MODEL })
      : undefined,
  }));
  const sizeChoices = SIZES.map((s) => ({
    value: s,
    label: t(`size.${s}`),
    detail: t("size.detail", { height: FRAME_SIZES[s].landscape.height }),
  }));
  const orientationChoices = ORIENTATIONS.map((o) => ({
    value: o,
    label: t(`orientation.${o}`),
    detail: ASPECT_LABELS[o],
  }));
  const estimate = DURATIONS.some((d) => d === duration)
    ? waitEstimate({ model, size, duration: duration as GenerationRequest["duration"] }, history)
    : undefined;

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="composer-title" className="space-y-5">
      <div className="flex items-center justify-between">
        <h2 id="composer-title" className="text-base font-semibold">
          {t("title")}
        </h2>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {t("frameSize", FRAME_SIZES[size][orientation])}
        </span>
      </div>

      <Field
        id="prompt"
        label={t("prompt.label")}
        error={errors.prompt?.message}
        aside={
          <span className="flex items-center gap-2">
            {recent.length > 0 && (
              <select
                aria-label={t("prompt.recent")}
                value=""
                onChange={(e) =>
                  e.target.value && setValue("prompt", e.target.value, { shouldValidate: true, shouldDirty: true })
                }
                className="max-w-[9rem] rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-xs text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
              >
                <option value="">{t("prompt.recentPlaceholder")}</option>
                {recent.map((p) => (
                  <option key={p} value={p}>
                    {p.length > 60 ? `${p.slice(0, 60)}…` : p}
                  </option>
                ))}
              </select>
            )}
            <span
              className={
                prompt.length > PROMPT_MAX_CHARS
                  ? "text-xs font-medium text-red-600"
                  : "text-xs text-zinc-500 dark:text-zinc-400"
              }
            >
              {t("prompt.counter", { count: prompt.length, max: PROMPT_MAX_CHARS })}
            </span>
          </span>
        }
      >
        <textarea
          id="prompt"
          rows={5}
          placeholder={t("prompt.placeholder")}
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
      <SaveToLibrary source={values} className="-mt-3" />

      <ChoiceGroup
        name="model"
        legend={t("model.legend")}
        choices={modelChoices}
        registration={register("model")}
        error={errors.model?.message}
      />
      <ChoiceGroup
        name="duration"
        legend={t("duration.legend")}
        choices={durationChoices}
        registration={register("duration")}
        error={errors.duration?.message}
      />
      {conflict && (
        // Switching model never changes another choice behind the user's back: the clash is shown with both fixes.
        <div
          role="group"
          aria-label={t("conflict.label")}
          className="-mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          <span className="basis-full">
            {t("conflict.text", {
              seconds: duration,
              longModel: LONG_DURATION_MODEL,
              model,
              longest: longestFor(model),
            })}
          </span>
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            onClick={() => setValue("duration", String(longestFor(model)), { shouldValidate: true })}
          >
            {t("conflict.useDuration", { seconds: longestFor(model) })}
          </Button>
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            onClick={() => setValue("model", LONG_DURATION_MODEL, { shouldValidate: true })}
          >
            {t("conflict.useModel", { model: LONG_DURATION_MODEL })}
          </Button>
        </div>
      )}
      <ChoiceGroup
        name="size"
        legend={t("size.legend")}
        choices={sizeChoices}
        registration={register("size")}
        error={errors.size?.message}
      />
      <ChoiceGroup
        name="orientation"
        legend={t("orientation.legend")}
        choices={orientationChoices}
        registration={register("orientation")}
        error={errors.orientation?.message}
      />

      <ReferenceImages
        urls={imageUrls}
        getUrls={getImageUrls}
        setUrls={setImageUrls}
        errors={{
          list: errors.image_urls?.message ?? errors.image_urls?.root?.message,
          items: imageUrls.map((_, i) => errors.image_urls?.[i]?.message),
        }}
        size={size}
        orientation={orientation}
        onPendingChange={onImagesPending}
      />

      <details
        className="group rounded-lg border border-zinc-200 dark:border-zinc-800"
        open={characterOpen}
        onToggle={(e) => setCharacterOpen(e.currentTarget.open)}
      >
        <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
          {t("character.section")}{" "}
          <span className="font-normal text-zinc-500 dark:text-zinc-400">{t("character.optional")}</span>
        </summary>
        <div className="border-t border-zinc-200 p-3 dark:border-zinc-800">
          {characterUsed && (
            <CharacterClip
              url={values.character_url}
              start={values.character_start}
              end={values.character_end}
              errors={{
                url: errors.character_url?.message,
                start: errors.character_start?.message,
                end: errors.character_end?.message,
              }}
              register={{
                url: register("character_url", { deps: [...CHARACTER_FIELDS] }),
                start: register("character_start", { deps: [...CHARACTER_FIELDS] }),
                end: register("character_end", { deps: [...CHARACTER_FIELDS] }),
              }}
              setField={setCharacterField}
              uploadsAllowed={upstream.clipUploads}
              onClip={onClip}
              onUploading={(busy) => {
                clipUploading.current = busy;
              }}
            />
          )}
        </div>
      </details>

      <Variations
        choice={variations}
        onChange={(next) => {
          setVariations(next);
          setVariationsError(undefined);
        }}
        plan={plan}
        base={base}
        error={variationsError}
      />

      <RequestPreview input={base} upstream={upstream} />

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

      {quota && <QuotaMeter initial={quota} wanted={wanted} onBlock={setQuotaBlock} />}

      <p data-testid="wait-estimate" className="text-xs text-zinc-600 dark:text-zinc-400">
        {estimate
          ? t("estimate.usual", { time: formatElapsed(estimate.ms, tTask), count: estimate.count })
          : t("estimate.none", { model, seconds: duration })}
      </p>
      <div className="flex items-center justify-between gap-3">
        <span className="hidden text-xs text-zinc-500 sm:inline dark:text-zinc-400">{t("submit.shortcut")}</span>
        <Button type="submit" disabled={create.isPending || createRun.isPending} className="w-full sm:w-auto">
          {create.isPending || createRun.isPending
            ? t("submit.submitting")
            : plan.count > 1
              ? tVariations("generate", { count: plan.count })
              : t("submit.generate")}
        </Button>
      </div>
    </form>
  );
}
