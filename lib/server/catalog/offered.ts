import "server-only";
import {
  catalogByService,
  defaultsOf,
  describeDurations,
  durationValues,
  fieldsOf,
  MODEL_SPECS,
  type ModelSpec,
} from "@/lib/schemas/catalog";
import { env } from "../platform/env";
import { AppError } from "../platform/errors";

// The part of the catalog this deployment offers (STUDIO_MODELS, STUDIO_DEFAULT_MODEL): a team
// whose token lacks a service hides its models, and the server refuses them by name.

export function offeredModels(): ModelSpec[] {
  const offered = new Set(env().STUDIO_MODELS);
  return MODEL_SPECS.filter((m) => offered.has(m.id));
}

/** Refuses a model the catalog has but this studio does not offer (400, at `model`). */
export function assertOffered(model: string): void {
  if (env().STUDIO_MODELS.includes(model)) return;
  const message = `This studio does not offer ${model}; it offers ${env().STUDIO_MODELS.join(", ")}`;
  throw new AppError("invalid_request", message, { issues: [{ path: "model", message }] });
}

/** One model as `GET /api/models` describes it to a script: what it may send and what it gets by default. */
function describe(spec: ModelSpec) {
  const d = spec.duration;
  return {
    id: spec.id,
    service: spec.service,
    label: spec.label,
    description: spec.blurb,
    fields: ["prompt", "model", ...fieldsOf(spec)],
    defaults: defaultsOf(spec),
    durations: {
      ...(d.kind === "fixed" ? { fixed: d.seconds } : { choices: durationValues(d) }),
      ...(d.kind === "range" && d.auto ? { automatic: -1 } : {}),
      text: describeDurations(d),
    },
    ...(spec.aspectRatios ? { aspectRatios: spec.aspectRatios } : {}),
    ...(spec.resolutions ? { resolutions: spec.resolutions } : {}),
    images: spec.images,
    ...(spec.referenceVideos ? { referenceVideos: spec.referenceVideos } : {}),
    ...(spec.negativePromptMax ? { negativePromptMax: spec.negativePromptMax } : {}),
  };
}

export function catalogReport() {
  return {
    defaultModel: env().defaultModel,
    services: catalogByService(offeredModels()).map(({ service, models }) => ({
      service,
      models: models.map(describe),
    })),
  };
}
