// What `POST /api/uploads` answers with (201 new, 200 the same bytes again): the browser puts
// `url` into `image_urls` or `character_url` as it is.

export type UploadKind = "image" | "video";

export type Upload = {
  id: string;
  /** `/api/uploads/<id>`: a valid `image_urls[i]` / `character_url` value. */
  url: string;
  kind: UploadKind;
  contentType: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Character clips: the length read from the file. */
  durationS?: number;
};
