// A tiny HTTP server the hosting tests run as an executable resource (node, no packages).
//   PORT          the port to listen on (127.0.0.1), given by the AppHost
//   READY_FILE    when set, /health answers 503 until this file exists
//   IGNORE_SIGTERM when set, SIGTERM is ignored (the AppHost must kill it after the grace period)
// GET /health -> 200 Healthy | 503 Unhealthy;  GET /env -> the process environment as JSON.
'use strict';
const fs = require('fs');
const http = require('http');

const port = Number(process.env.PORT);
const readyFile = process.env.READY_FILE;

const server = http.createServer((request, response) => {
  if (request.url === '/health') {
    const ready = !readyFile || fs.existsSync(readyFile);
    response.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
    response.end(ready ? 'Healthy' : 'Unhealthy');
  } else if (request.url === '/env') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(process.env));
  } else {
    response.writeHead(404);
    response.end();
  }
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));

process.on('SIGTERM', () => {
  if (process.env.IGNORE_SIGTERM) {
    console.log('ignoring SIGTERM');
    return;
  }
  console.log('SIGTERM: stopping');
  server.close(() => process.exit(0));
});
