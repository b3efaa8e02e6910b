// A desk client built exactly as README.md ("Real-time desk") tells a frontend to build it, with the official
// @microsoft/signalr package. Driven by tests/Api.IntegrationTests/Realtime/SignalRJsClientTests.cs:
//
//   node desk-client.js '<json options>'
//
// options: { url, token, transport ("WebSockets" | "ServerSentEvents" | "LongPolling"; omitted: the client picks),
//            expectRefusal (true: the start must fail), reconnectDelays (ms, for withAutomaticReconnect),
//            timeoutMs (the process gives up and exits 3) }
//
// Writes one JSON object per line to stdout: connected, desk (an event), reconnecting, reconnected, closed, refused.
// Exits 0 after "closed" or "refused", or when stdin ends (it then stops the connection first). The client's own
// log goes to stderr, which the test shows when it fails.
"use strict";

const signalR = require("@microsoft/signalr");

const options = JSON.parse(process.argv[2] ?? "{}");

function emit(kind, fields) {
  process.stdout.write(JSON.stringify({ kind, ...fields }) + "\n");
}

const stderrLogger = {
  log(level, message) {
    if (level >= signalR.LogLevel.Debug) {
      process.stderr.write(`[${new Date().toISOString()}] ${signalR.LogLevel[level]}: ${message}\n`);
    }
  },
};

const timeout = setTimeout(() => {
  process.stderr.write(`desk-client: gave up after ${options.timeoutMs} ms\n`);
  process.exit(3);
}, options.timeoutMs ?? 60000);

async function main() {
  const connectionOptions = { accessTokenFactory: () => options.token };
  if (options.transport) {
    connectionOptions.transport = signalR.HttpTransportType[options.transport];
  }

  // The README's snippet: the token from accessTokenFactory, automatic reconnection, one "desk" handler.
  const desk = new signalR.HubConnectionBuilder()
    .withUrl(options.url, connectionOptions)
    .withAutomaticReconnect(options.reconnectDelays ?? [0, 2000, 10000, 30000])
    .configureLogging(stderrLogger)
    .build();

  desk.on("desk", (event) => emit("desk", { event }));
  desk.onreconnecting((error) => emit("reconnecting", { error: error ? String(error) : null }));
  desk.onreconnected(() => emit("reconnected", {}));
  desk.onclose((error) => {
    emit("closed", { error: error ? String(error) : null });
    clearTimeout(timeout);
    process.exit(0);
  });

  try {
    await desk.start();
  } catch (error) {
    // An HttpError carries the status; a failed negotiation wraps it in its message ("... Status code '401'").
    const wrapped = /Status code '(\d+)'/.exec(String(error));
    emit("refused", { statusCode: error.statusCode ?? (wrapped ? Number(wrapped[1]) : null), error: String(error) });
    clearTimeout(timeout);
    process.exit(options.expectRefusal ? 0 : 1);
  }

  if (options.expectRefusal) {
    emit("connected", { connectionId: desk.connectionId });
    await desk.stop();
    process.exit(1);
  }

  // As docs/realtime.md asks: the answer to Resume(null) means the server registered the connection, so every event
  // published from now on reaches it ("connected" is reported then).
  const { cursor } = await desk.invoke("Resume", null);
  const transport = desk.connection.transport;
  emit("connected", { transport: transport ? transport.constructor.name : null, connectionId: desk.connectionId, cursor });

  // The test ends the client by closing stdin.
  process.stdin.resume();
  process.stdin.on("end", async () => {
    clearTimeout(timeout);
    await desk.stop();
    process.exit(0);
  });
}

main().catch((error) => {
  process.stderr.write(`desk-client: ${error && error.stack ? error.stack : error}\n`);
  process.exit(2);
});
