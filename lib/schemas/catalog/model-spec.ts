import type { AspectRatio, Resolution, ServiceId } from "./vocabulary";

// The shape of one catalog entry: everything the form, the server's schema, the variations
// matrix, quotas, filters and the emulator need to know about a model.

export type DurationSpec =
  /** The model has no length field: every clip is this long. */
  | { kind: "fixed"; seconds: number }
  | { kind: "choices"; values: readonly number[] }
  /** Any whole number of seconds from min to max; `auto`: -1 lets the model choose. */
  | { kind: "range"; min: number; max: number; auto?: boolean };

/** How a model takes still images: a first frame, an optional last frame, or reference images. */
export type ImageSpec = {
  firstFrame?: "optional" | "required";
  lastFrame?: boolean;
  /** Reference images (Sora's list, Veo's ingredients, Seedance's references). */
  references?: { min: number; max: number };
  /** At least one image of any kind (a model that only animates images). */
  needsImage?: boolean;
  /** References cannot be sent with a first or last frame (Seedance's roles). */
  referencesAlone?: boolean;
};

/** A rule that ties a model's fields together, worded once for the form and the server alike. */
export type ModelRule = {
  /** The field the message belongs to. */
  path: string;
  /** Key in messages/<locale>/schema.json, with `params` as its values. */
  i18n: string;
  params?: Record<string, string | number>;
  message: string;
  /** True when the request breaks the rule. */
  breaks: (request: Readonly<Record<string, unknown>>) => boolean;
};

export type ModelSpec = {
  id: string;
  service: ServiceId;
  label: string;
  /** One line: what it is good at. */
  blurb: string;
  duration: DurationSpec;
  defaultDuration?: number;
  aspectRatios?: readonly AspectRatio[];
  defaultAspectRatio?: AspectRatio;
  /** Lowest first. */
  resolutions?: readonly Resolution[];
  defaultResolution?: Resolution;
  images: ImageSpec;
  /** Reference clips (https URLs or uploads), as Wan's reference-to-video takes them. */
  referenceVideos?: { min: number; max: number };
  /** Sora's own fields: size, orientation, image_urls, a character clip. */
  sora?: true;
  sound?: boolean;
  negativePromptMax?: number;
  seed?: boolean;
  cameraFixed?: boolean;
  promptExtend?: boolean;
  loop?: boolean;
  rules?: readonly ModelRule[];
};
