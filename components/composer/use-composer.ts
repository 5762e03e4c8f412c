"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { useQueryClient } from "@tanstack/react-query";
import type { ApiError } from "@/lib/query/api";
import { quotaKey } from "@/lib/query/keys";
import { useCreateRun, useCreateVideo, useTaskList } from "@/lib/query/tasks";
import type { GenerationRequest } from "@/lib/schemas/generation";
import type { QuotaStatus, QuotaWanted } from "@/lib/schemas/quota";
import { isModelId, modelSpec } from "@/lib/schemas/catalog";
import { LONG_DURATION } from "@/lib/schemas/rules";
import { expandVariations, variationsProblem } from "@/lib/schemas/variations";
import { clipProblems, clipProblemText, type ClipInfo } from "@/components/character/clip-rules";
import { useErrorText } from "@/components/i18n/use-error-text";
import { waitEstimate } from "@/components/task/estimate";
import type { UpstreamInfo } from "@/components/task/request-preview";
import type { LocalIssue } from "@/components/ui/form/schema-resolver";
import { issueText } from "@/lib/i18n/schema-issues";
import { recentPrompts, rememberPrompt, useDraft } from "./draft";
import {
  CHARACTER_FIELDS,
  composerDefaultsFor,
  composerResolver,
  toGenerationInput,
  type ComposerValues,
} from "./form-values";
import { type SwitchChange, switchModel } from "./model-switch";
import type { QuotaBlock } from "./quota-meter";
import { SINGLE, planVariations, type VariationChoice } from "./variations";

/** The models this studio offers (STUDIO_MODELS) and the one the form starts with. */
export type ComposerCatalog = { models: readonly string[]; defaultModel: string };

/** The image lists of the form, each with its own uploads. */
export const IMAGE_LIST_FIELDS = ["image_urls", "first_frame_url", "last_frame_url", "reference_image_urls"] as const;
export type ImageListField = (typeof IMAGE_LIST_FIELDS)[number];

/**
 * `quota`: the account's quota as the page rendered it; null when sign-in is off (no quota).
 * `catalog`: the offered models (every model of the catalog when left out).
 */
export type ComposerOptions = { upstream: UpstreamInfo; quota: QuotaStatus | null; catalog: ComposerCatalog };

/** Everything the composer's sections read: the form, what it would send, and what happened to the last send. */
export type ComposerState = ReturnType<typeof useComposer>;

export function useComposer({ upstream, quota, catalog }: ComposerOptions) {
  const t = useTranslations("composer");
  // What only the browser knows (the clip's length, uploads still running) joins the schema's
  // checks through refs, so the resolver stays one stable function.
  const clip = useRef<ClipInfo>({});
  // Files still uploading, per image list.
  const imagesPending = useRef<Partial<Record<ImageListField, number>>>({});
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
    defaultValues: composerDefaultsFor(catalog.defaultModel),
    // Every rule shows at its field as soon as the field changes, not only after a submit.
    mode: "onChange",
  });
  const { register, handleSubmit, formState, setError, trigger, control, setValue, getValues } = form;
  const { errors, isSubmitted } = formState;
  // One watch of the whole form: the preview needs all of it, the rest reads from it.
  const values = useWatch({ control }) as ComposerValues;
  const { model } = values;
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
  const wanted: QuotaWanted[] = (plan.expansion?.requests ?? [base])
    .filter((r) => isModelId(r.model))
    .map((r) => ({
      model: r.model,
      ...(typeof r.size === "string" ? { size: r.size } : {}),
      ...(typeof r.duration === "number" ? { duration: r.duration } : {}),
    }));
  const [quotaBlock, setQuotaBlock] = useState<QuotaBlock | null>(null);
  const history = useTaskList().data?.pages.flatMap((p) => p.items) ?? [];
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  // Filled from elsewhere (edit and re-run, a library version): bring the form into view, nothing is sent yet.
  useDraft(
    form,
    () => {
      setNotice({ kind: "info", text: t("loaded") });
      const promptBox = document.getElementById("prompt");
      promptBox?.scrollIntoView({
        block: "center",
        behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth",
      });
      promptBox?.focus({ preventScroll: true });
    },
    (draft) =>
      catalog.models.includes(draft.model)
        ? draft
        : { ...draft, ...switchModel(draft, catalog.defaultModel).updates, model: catalog.defaultModel },
  );
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
    (name: (typeof CHARACTER_FIELDS)[number], value: string) => {
      setValue(name, value, { shouldDirty: true });
      if (getValues("character_url").trim() !== "" || isSubmitted) void trigger([...CHARACTER_FIELDS]);
    },
    [setValue, getValues, trigger, isSubmitted],
  );
  const onClipUploading = (busy: boolean) => {
    clipUploading.current = busy;
  };
  // Each image list as ReferenceImages takes it; a first or last frame is a list of at most one.
  const imageLists = useMemo(() => {
    const listOf = (field: ImageListField) => {
      const single = field === "first_frame_url" || field === "last_frame_url";
      return {
        getUrls: () => {
          const value = getValues(field);
          return Array.isArray(value) ? value : value ? [value] : [];
        },
        setUrls: (urls: string[]) =>
          setValue(field, (single ? (urls[0] ?? "") : urls) as never, { shouldDirty: true, shouldValidate: true }),
        onPendingChange: (count: number) => {
          imagesPending.current[field] = count;
        },
      };
    };
    return Object.fromEntries(IMAGE_LIST_FIELDS.map((field) => [field, listOf(field)])) as Record<
      ImageListField,
      ReturnType<typeof listOf>
    >;
  }, [getValues, setValue]);

  // A model switch keeps what fits, moves a choice the new model lacks to its nearest, and says so.
  const [switched, setSwitched] = useState<{ model: string; changes: SwitchChange[] } | null>(null);
  const chooseModel = useCallback(
    (to: string) => {
      const { updates, changes } = switchModel(getValues(), to);
      setValue("model", to, { shouldDirty: true });
      for (const [field, value] of Object.entries(updates))
        setValue(field as keyof ComposerValues, value as never, { shouldDirty: true });
      setSwitched(changes.length > 0 ? { model: to, changes } : null);
      // The new model judges the whole form (its rules differ); shown errors follow at once.
      if (isSubmitted || Object.keys(shownErrors.current).length > 0) void trigger();
    },
    [getValues, setValue, trigger, isSubmitted],
  );

  const onVariationsChange = (next: VariationChoice) => {
    setVariations(next);
    setVariationsError(undefined);
  };

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
    const uploading = Object.values(imagesPending.current).some((count) => (count ?? 0) > 0);
    const busy = uploading ? t("images.busy") : clipUploading.current ? t("character.busy") : undefined;
    if (!busy) return submitValid(event);
    event?.preventDefault();
    setNotice({ kind: "error", text: busy });
    return Promise.resolve();
  };

  const estimate = modelSpec(model) ? waitEstimate(base as GenerationRequest, history) : undefined;

  return {
    register,
    setValue,
    values,
    errors,
    /** The request the form makes now, before the schema's verdict (the preview shows it as typed). */
    base,
    recent,
    notice,
    onSubmit,
    pending: create.isPending || createRun.isPending,
    estimate,
    // Shaped as the props of the component each feeds, so its section hands them on whole.
    imageLists,
    /** The offered models, and what the last model switch kept out or changed. */
    catalog,
    chooseModel,
    switched,
    character: {
      setField: setCharacterField,
      onClip,
      onUploading: onClipUploading,
      uploadsAllowed: upstream.clipUploads,
    },
    variations: { choice: variations, onChange: onVariationsChange, plan, error: variationsError },
    /** Team mode only (null without a quota). */
    quotaMeter: quota && { initial: quota, wanted, onBlock: setQuotaBlock },
  };
}
