// Drives the official @microsoft/signalr client against a live API for the desk hub tests
// (tests/Api.IntegrationTests/Realtime/DeskNodeClientTests.cs).
// Usage: node desk-client.cjs <hub url> <access token> <event type to wait for> <timeout ms>
// Prints one JSON line per step: {"result":"connected"}, {"result":"event","event":{...}}, then exits
// 0 when the awaited event arrived, 2 on timeout, 3 when the connection was refused, 4 when it closed.
const signalR = require("@microsoft/signalr");

const [url, token, awaited, timeoutMs] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const connection = new signalR.HubConnectionBuilder()
  .withUrl(url, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
  .configureLogging(signalR.LogLevel.None)
  .build();

let done = false;
const timer = setTimeout(() => {
  print({ result: "timeout" });
  process.exit(2);
}, Number(timeoutMs));

connection.on("desk", (event) => {
  print({ result: "event", event });
  if (event.type === awaited) {
    clearTimeout(timer);
    done = true;
    connection.stop().finally(() => process.exit(0));
  }
});

connection.onclose(() => {
  if (done) return;
  print({ result: "closed" });
  process.exit(4);
});

connection
  .start()
  .then(() => print({ result: "connected", transport: "WebSockets" }))
  .catch((error) => {
    print({ result: "refused", message: String(error && error.message) });
    process.exit(3);
  });
