// A few steps of the README's tour with a client typed by openapi-typescript
// and sending its requests through openapi-fetch, against the binary serving
// the demo (KONCERN_BIN, by default ../../bin/koncern) on a free port of
// 127.0.0.1. Each step checks its status and what it found; the first that
// fails stops the tour with exit status 1.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.js";

// The client reads JSON answers and problems as their schemas' types; a CSV
// is read as text by asking for it (parseAs).
type JSONMedia = "application/json" | "application/problem+json";
type Client = ReturnType<typeof createClient<paths, JSONMedia>>;

/** The demo server: its address and the tokens it printed, by name. */
interface Server {
  base: string;
  tokens: Map<string, string>;
  stop: () => void;
}

const demoCallers = ["demo", "demo-finance", "demo-auditor"];

/**
 * Starts `koncern serve --demo --public-read` and waits until it has printed
 * its address and a token for each demo caller, in whatever order and words:
 * GET /api/v1/me tells whose each printed token is.
 */
async function startServer(): Promise<Server> {
  const bin = resolve(process.env.KONCERN_BIN ?? "../../bin/koncern");
  const dir = mkdtempSync(join(tmpdir(), "koncern-ts-tour-"));
  const child: ChildProcess = spawn(
    bin,
    ["serve", "--demo", "--public-read", "--addr", "127.0.0.1:0", "--db", join(dir, "demo.db")],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let exited = false;
  let failure = "";
  child.on("exit", () => (exited = true));
  child.on("error", (err) => {
    failure = `${err.message}\n`;
    exited = true;
  });
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  let printed = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));
  const deadline = Date.now() + 60_000;
  while (!exited && Date.now() < deadline) {
    const addr = /http:\/\/(?:127\.0\.0\.1|localhost):([0-9]+)/.exec(printed);
    if (addr) {
      const base = `http://127.0.0.1:${addr[1]}`;
      const tokens = await tokensByName(base, printed);
      if (demoCallers.every((name) => tokens.has(name))) return { base, tokens, stop };
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  stop();
  throw new Error(`the server ${exited ? "stopped" : "took a minute"} before it printed its address and the demo's tokens:\n${failure}${printed}`);
}

/** The printed tokens by the name of their caller; none while the server does not answer yet. */
async function tokensByName(base: string, printed: string): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const token of printed.match(/kr_[A-Za-z0-9_-]+/g) ?? []) {
    try {
      const { data } = await client(base, token).GET("/api/v1/me");
      if (data) tokens.set(data.name, token);
    } catch {
      return tokens;
    }
  }
  return tokens;
}

/** A client for base sending token, when given, as the bearer token. */
function client(base: string, token?: string): Client {
  const c = createClient<paths, JSONMedia>({ baseUrl: base });
  if (token) {
    const auth: Middleware = {
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${token}`);
        return request;
      },
    };
    c.use(auth);
  }
  return c;
}

function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(what);
}

function wantStatus(res: Response, want: number, body?: unknown): void {
  check(res.status === want, `${res.url}: status ${res.status}, want ${want}: ${JSON.stringify(body)}`);
}

/** The id of the organisation called exactly name, found with q= as the README does. */
async function findOrganization(api: Client, q: string, name: string): Promise<string> {
  const { data, error, response } = await api.GET("/api/v1/organizations", { params: { query: { q } } });
  wantStatus(response, 200, error);
  const org = data?.items.find((o) => o.name === name);
  check(org !== undefined, `q=${q} finds no ${name}`);
  return org.id;
}

async function tour(server: Server): Promise<void> {
  const admin = client(server.base, server.tokens.get("demo"));
  const anonymous = client(server.base);
  const step = async (name: string, run: () => Promise<void>) => {
    await run();
    console.log(`ok   ${name}`);
  };

  await step("me", async () => {
    const { data, response } = await admin.GET("/api/v1/me");
    wantStatus(response, 200, data);
    check(data?.name === "demo" && data.role === "admin", `me = ${JSON.stringify(data)}`);
  });

  let holding = "";
  await step("the companies, and Rådhus AB's holdings", async () => {
    const { data, response } = await anonymous.GET("/api/v1/organizations", {
      params: { query: { kind: "company" } },
    });
    wantStatus(response, 200, data);
    check(data?.items.every((o) => o.kind === "company") === true, "a list of companies holds another kind");
    holding = await findOrganization(anonymous, "Rådhus", "Jönköpings Rådhus AB");
    const holdings = await anonymous.GET("/api/v1/organizations/{id}/holdings", {
      params: { path: { id: holding } },
    });
    wantStatus(holdings.response, 200, holdings.error);
    check(holdings.data?.items.length === 16, `Rådhus AB holds ${holdings.data?.items.length} stakes, want 16`);
  });

  let post = "";
  let etag = "";
  await step("create a post in Stadskontoret", async () => {
    const stadskontoret = await findOrganization(anonymous, "Stadskontoret", "Stadskontoret");
    const { data, error, response } = await admin.POST("/api/v1/posts", {
      body: { organization_id: stadskontoret, title: "Kvalitetsstrateg", role: "officer", valid_from: "2004-01-01" },
    });
    wantStatus(response, 201, error);
    check(data?.title === "Kvalitetsstrateg", `created ${JSON.stringify(data)}`);
    post = data.id;
    etag = response.headers.get("ETag") ?? "";
    check(etag === '"1"', `ETag = ${etag}`);
  });

  await step("patch it with If-Match, then with the stale ETag", async () => {
    const patch = (title: string) =>
      admin.PATCH("/api/v1/posts/{id}", {
        params: { path: { id: post }, header: { "If-Match": etag } },
        body: { title },
      });
    const first = await patch("Kvalitets- och utvecklingsstrateg");
    wantStatus(first.response, 200, first.error);
    check(first.data?.version === 2 && first.data.role === "officer", `patched ${JSON.stringify(first.data)}`);
    const stale = await patch("Överskriven");
    wantStatus(stale.response, 412, stale.error);
    check(stale.error?.code === "precondition", `412 with ${JSON.stringify(stale.error)}`);
  });

  await step("a wrong check digit", async () => {
    const { error, response } = await admin.POST("/api/v1/organizations", {
      body: {
        kind: "company", name: "Nytt Bolag AB", org_number: "212000-0143",
        total_shares: 1000, total_votes: 1000, valid_from: "2004-01-01",
      },
    });
    wantStatus(response, 422, error);
    const field = error?.errors?.[0];
    check(field?.field === "org_number", `errors = ${JSON.stringify(error?.errors)}`);
  });

  await step("triple steering on 2003-10-01", async () => {
    const { data, response } = await anonymous.GET("/api/v1/findings", {
      params: { query: { at: "2003-10-01", rule: "triple_steering" } },
    });
    wantStatus(response, 200, data);
    check(data?.items.length === 1 && data.items[0]?.severity === "high", `findings = ${JSON.stringify(data)}`);
  });

  await step("the group as CSV", async () => {
    const { data, response } = await anonymous.GET("/api/v1/reports/group", {
      params: { query: { root: holding, at: "2003-10-01", format: "csv" } },
      parseAs: "text",
    });
    wantStatus(response, 200);
    check(response.headers.get("Content-Type")?.startsWith("text/csv") === true, "not CSV");
    const rows = (data ?? "").trim().split("\n");
    check(rows.length === 17, `the group's CSV has ${rows.length} rows, want a header and 16 subsidiaries`);
  });
}

const server = await startServer();
try {
  await tour(server);
  console.log("the TypeScript client ran the tour");
} catch (err) {
  console.error(`FAIL ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  server.stop();
}
