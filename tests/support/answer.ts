/** A studio's answer, read whole; `json` is the parsed body, or undefined when the body is not JSON. */
export type Answer = { status: number; json: any; headers: Headers; text: string };

export async function readAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, headers: res.headers, text };
}
