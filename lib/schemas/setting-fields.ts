// zod/mini fields of a generation's settings (model, size, duration, orientation), worded as the
// composer and the storyboard show them: the generation request and a board's shots build on them.
import * as z from "zod/mini";
import { DURATIONS, MODELS, ORIENTATIONS, SIZES } from "./rules";

export const modelField = z.enum(MODELS, { error: `Model must be one of ${MODELS.join(", ")}` });
export const sizeField = z.enum(SIZES, { error: `Size must be one of ${SIZES.join(", ")}` });
export const orientationField = z.enum(ORIENTATIONS, {
  error: `Orientation must be one of ${ORIENTATIONS.join(", ")}`,
});

export const DURATION_ERROR = `Duration must be one of ${DURATIONS.join(", ")} seconds`;

/** The check of a number field that it is a duration the models offer. */
export const offeredDuration = () =>
  z.refine<number>((d) => (DURATIONS as readonly number[]).includes(d), { error: DURATION_ERROR });
