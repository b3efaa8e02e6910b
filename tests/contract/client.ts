// A small typed WhatsSuite client, written only against the types that openapi-typescript generates from
// the served OpenAPI document (generated/api.d.ts). `tsc --strict` compiling it proves the document gives a
// generator what a client needs; running it against a live instance proves the types tell the truth.
//
// Usage: node client.js <base url> <admin e-mail> <seeded admin password> <new admin password>
// Walks the README's first steps: sign in, change the first password, find the sandbox connection, let a
// customer write, list conversations, take the conversation and answer it.

import type { components, operations } from "./generated/api";

type Schemas = components["schemas"];

// ---- Compile-time checks on the contract: each line stops compiling if the document says otherwise. ----
type IsRequired<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contractChecks: {
  accessTokenIsAlwaysSent: IsRequired<Schemas["AccessToken"], "accessToken">;
  accessTokenIsAString: Same<Schemas["AccessToken"]["accessToken"], string>;
  problemCodeIsAlwaysSent: IsRequired<Schemas["ProblemDetails"], "code">;
  problemTraceIdIsAlwaysSent: IsRequired<Schemas["ProblemDetails"], "traceId">;
  rolesAreAStringEnum: Same<Schemas["Role"], "ADMIN" | "SUPERVISOR" | "AGENTE">;
  conversationStatusesAreAStringEnum: Same<Schemas["ConversationStatus"], "UNASSIGNED" | "OPEN" | "CLOSED">;
  assigneeMayBeNull: null extends Schemas["Conversation"]["assignee"] ? true : false;
  pageItemsAreAlwaysSent: IsRequired<Schemas["ConversationPage"], "items">;
} = {
  accessTokenIsAlwaysSent: true,
  accessTokenIsAString: true,
  problemCodeIsAlwaysSent: true,
  problemTraceIdIsAlwaysSent: true,
  rolesAreAStringEnum: true,
  conversationStatusesAreAStringEnum: true,
  assigneeMayBeNull: true,
  pageItemsAreAlwaysSent: true,
};

// ---- A typed call: the request body and the answer come from the operation's id. ----
type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type RequestBody<Id extends keyof operations> = operations[Id] extends { requestBody: infer Body } ? JsonContent<Body> : never;
type Answer<Id extends keyof operations, Status extends keyof operations[Id]["responses"]> = JsonContent<operations[Id]["responses"][Status]>;
type Problem = Schemas["ProblemDetails"];

class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(`${status} ${problem.code} (trace ${problem.traceId}): ${problem.detail ?? ""}`);
  }
}

class WhatsSuiteClient {
  private token: string | undefined;

  constructor(private readonly baseUrl: string) {}

  signIn(token: string): void {
    this.token = token;
  }

  async call<Id extends keyof operations, Status extends keyof operations[Id]["responses"] & number>(
    operationId: Id,
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    expected: Status,
    body?: RequestBody<Id>,
  ): Promise<Answer<Id, Status>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (this.token !== undefined) {
      headers["Authorization"] = `Bearer ${this.token}`;
    }
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    const response = await fetch(new URL(path, this.baseUrl), init);
    const text = await response.text();
    if (response.status !== expected) {
      if (response.headers.get("content-type")?.startsWith("application/problem+json")) {
        throw new ApiError(response.status, JSON.parse(text) as Problem);
      }
      throw new Error(`${operationId}: expected ${expected}, got ${response.status}: ${text}`);
    }
    return JSON.parse(text) as Answer<Id, Status>;
  }
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const [baseUrl, email, seededPassword, newPassword] = process.argv.slice(2);
  if (baseUrl === undefined || email === undefined || seededPassword === undefined || newPassword === undefined) {
    throw new Error("usage: node client.js <base url> <admin e-mail> <seeded admin password> <new admin password>");
  }
  const api = new WhatsSuiteClient(baseUrl);

  // 1. Sign in: the answer is a session or an MFA challenge, told apart by mfaRequired.
  const signIn = await api.call("auth_login", "POST", "/api/v1/auth/login", 200, { email, password: seededPassword });
  check(!signIn.mfaRequired, "MFA is not required for this instance");
  const firstToken: string = signIn.accessToken;
  check(signIn.mustChangePassword, "the seeded admin must change the password first");
  api.signIn(firstToken);

  // 2. Change the first password: the answer is always a session with a new access token.
  const changed = await api.call("auth_change_password", "POST", "/api/v1/auth/change-password", 200, {
    currentPassword: seededPassword,
    newPassword,
  });
  api.signIn(changed.accessToken);
  check(!changed.mustChangePassword, "the password no longer needs changing");

  const me = await api.call("auth_me", "GET", "/api/v1/auth/me", 200);
  check(me.role === "ADMIN" && me.email === email, `signed in as the admin, got ${me.email} (${me.role})`);

  // 3. The embedded default's sandbox connection.
  const connections = await api.call("connections_list", "GET", "/api/v1/connections", 200);
  const sandbox = connections.items.find((c) => c.provider === "sandbox");
  check(sandbox !== undefined, "the sandbox connection is listed");

  // 4. A customer writes through the simulated WhatsApp.
  const inbound = await api.call("sandbox_inbound", "POST", `/api/v1/sandbox/connections/${sandbox.id}/inbound`, 202, {
    from: "+54 9 11 5555-0001",
    name: "Ana",
    text: "Hola, ¿tienen envío?",
  });
  check(inbound.wamid.length > 0, "the simulated message has a wamid");

  // 5. The conversation waits in the queue.
  const waiting = await eventually("the customer's conversation", async () => {
    const page = await api.call("conversations_list", "GET", "/api/v1/conversations?status=UNASSIGNED", 200);
    return page.items.find((c) => c.contact.waId === "5491155550001");
  });
  check(waiting.assignee === null, "a waiting conversation has no assignee");

  // 6. Take it and answer.
  const taken = await api.call("conversations_assign", "POST", `/api/v1/conversations/${waiting.id}/assign`, 200);
  check(taken.status === "OPEN" && taken.assignee?.id === me.id, "the conversation is open and assigned to the admin");
  const sent = await api.call("messages_send", "POST", `/api/v1/conversations/${waiting.id}/messages`, 202, {
    type: "text",
    text: "¡Hola Ana! Sí, enviamos a todo el país.",
  });
  check(sent.status === "queued" && sent.direction === "out", `the answer is queued, got ${sent.status}`);

  const history = await api.call("messages_list", "GET", `/api/v1/conversations/${waiting.id}/messages`, 200);
  check(history.items.some((m) => m.id === sent.id), "the answer is in the conversation's messages");

  // 7. Errors are ProblemDetails with a code and a trace id.
  try {
    await api.call("conversations_get", "GET", "/api/v1/conversations/00000000-0000-0000-0000-000000000001", 200);
    throw new Error("an unknown conversation must not be found");
  } catch (error) {
    check(error instanceof ApiError && error.status === 404 && error.problem.traceId.length > 0, `a 404 problem, got ${String(error)}`);
  }

  console.log(JSON.stringify({ ok: true, checks: Object.keys(contractChecks).length, conversationId: waiting.id, messageId: sent.id }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
