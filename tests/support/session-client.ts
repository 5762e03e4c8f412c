import { type Answer, readAnswer } from "./answer";

// A cookie-keeping HTTP client for the studio, like one browser: it sends the session cookie the
// studio last set and forgets it when the studio clears it.

export type { Answer };

export class SessionClient {
  cookie: string | undefined;
  constructor(readonly base: string) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) {
      const [pair] = set.split(";");
      const value = (pair ?? "").slice((pair ?? "").indexOf("=") + 1);
      this.cookie = value === "" ? undefined : (pair as string);
    }
    return readAnswer(res);
  }

  get = (path: string, headers?: Record<string, string>) => this.send("GET", path, undefined, headers);
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) => this.send("POST", path, body, headers);
  patch = (path: string, body: unknown) => this.send("PATCH", path, body);
  delete = (path: string) => this.send("DELETE", path);

  async login(email: string, password: string): Promise<Answer> {
    return this.post("/api/auth/login", { email, password });
  }
}
