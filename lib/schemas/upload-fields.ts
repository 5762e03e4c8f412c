import { isUploadRef } from "./rules";

// Where a generation request may name a file uploaded to this studio (`/api/uploads/<id>`):
// images (Sora's references, first and last frames, other services' references) and clips
// (Sora's character clip, Wan's reference clips). Each with its field path, as issues name it.

type Urls = {
  image_urls?: string[];
  first_frame_url?: string;
  last_frame_url?: string;
  reference_image_urls?: string[];
  character_url?: string;
  reference_video_urls?: string[];
};

export type UrlRef = { url: string; path: string };

const one = (url: string | undefined, path: string): UrlRef[] => (url === undefined ? [] : [{ url, path }]);
const many = (urls: string[] | undefined, field: string): UrlRef[] =>
  (urls ?? []).map((url, i) => ({ url, path: `${field}.${i}` }));

function imageUrlsOf(request: Urls): UrlRef[] {
  return [
    ...many(request.image_urls, "image_urls"),
    ...one(request.first_frame_url, "first_frame_url"),
    ...one(request.last_frame_url, "last_frame_url"),
    ...many(request.reference_image_urls, "reference_image_urls"),
  ];
}

function clipUrlsOf(request: Urls): UrlRef[] {
  return [
    ...one(request.character_url, "character_url"),
    ...many(request.reference_video_urls, "reference_video_urls"),
  ];
}

export const uploadedImages = (request: Urls) => imageUrlsOf(request).filter((r) => isUploadRef(r.url));
export const uploadedClips = (request: Urls) => clipUrlsOf(request).filter((r) => isUploadRef(r.url));

/** The request with every URL field passed through `image` or `clip`; other values untouched. */
export function mapUrls<R extends Urls>(request: R, image: (url: string) => string, clip: (url: string) => string): R {
  const out: R = { ...request };
  if (request.image_urls) out.image_urls = request.image_urls.map(image);
  if (request.first_frame_url !== undefined) out.first_frame_url = image(request.first_frame_url);
  if (request.last_frame_url !== undefined) out.last_frame_url = image(request.last_frame_url);
  if (request.reference_image_urls) out.reference_image_urls = request.reference_image_urls.map(image);
  if (request.character_url !== undefined) out.character_url = clip(request.character_url);
  if (request.reference_video_urls) out.reference_video_urls = request.reference_video_urls.map(clip);
  return out;
}
