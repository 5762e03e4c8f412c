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

/** The answer's headers of these names (null where one is missing), to compare in one go. */
export function pickHeaders(headers: Headers, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, headers.get(name)]));
}
