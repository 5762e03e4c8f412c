// POST /api/uploads?purpose=reference|character: the raw file bytes in, 201 + the upload (200 if the same bytes were uploaded before).
import { json, route } from "@/lib/server/http/route";
import { acceptUpload, parsePurpose } from "@/lib/server/media/uploads";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/uploads", async (req) => {
  const purpose = parsePurpose(new URL(req.url).searchParams.get("purpose"));
  const { upload, created } = await acceptUpload(req, purpose);
  return json({ upload }, { status: created ? 201 : 200 });
});
