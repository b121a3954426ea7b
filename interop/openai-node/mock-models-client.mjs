// Drives VoiceAgent.Mocks with the official OpenAI Node.js client, the way a processor would drive a real
// provider, and prints what the client saw as one JSON object on stdout.
// Usage: node mock-models-client.mjs <base url ending in /v1> <api key>
import OpenAI, { toFile } from 'openai';

const [baseURL, apiKey] = process.argv.slice(2);
if (!baseURL || !apiKey) {
  console.error('usage: node mock-models-client.mjs <base url> <api key>');
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const report = {};
const messages = [
  { role: 'system', content: 'You are a helpful voice assistant.' },
  { role: 'user', content: 'What is the weather today?' },
];

// Streaming chat completion, with the usage chunk.
const stream = await client.chat.completions.create({
  model: 'mock-llm',
  messages,
  stream: true,
  stream_options: { include_usage: true },
});
let streamed = '';
let contentChunks = 0;
for await (const chunk of stream) {
  const choice = chunk.choices[0];
  if (choice?.delta?.content) {
    streamed += choice.delta.content;
    contentChunks++;
  }
  if (choice?.finish_reason) {
    report.finishReason = choice.finish_reason;
  }
  if (chunk.usage) {
    report.streamedUsage = chunk.usage;
  }
}
report.streamed = streamed;
report.contentChunks = contentChunks;

// The same request, whole.
const whole = await client.chat.completions.create({ model: 'mock-llm', messages });
report.whole = whole.choices[0].message.content;
report.wholeObject = whole.object;

// Leaving a stream early (barge-in) aborts the request.
const interrupted = await client.chat.completions.create(
  { model: 'mock-llm', messages, stream: true },
  { headers: { 'x-mock-answer-sentences': '50', 'x-mock-tokens-per-second': '20' } },
);
for await (const chunk of interrupted) {
  if (chunk.choices[0]?.delta?.content) {
    break;
  }
}
report.interrupted = true;

// Speech as raw PCM, then back through the recognizer as a WAV file.
const speech = await client.audio.speech.create(
  { model: 'mock-tts', voice: 'alloy', input: 'Good morning. See you at the station.', response_format: 'pcm' },
  { headers: { 'x-mock-tts-engine': 'tone' } },
);
const pcm = Buffer.from(await speech.arrayBuffer());
report.speechContentType = speech.headers.get('content-type');
report.speechBytes = pcm.length;
const transcription = await client.audio.transcriptions.create({
  file: await toFile(wav(pcm, 24000), 'speech.wav', { type: 'audio/wav' }),
  model: 'whisper-1',
  response_format: 'verbose_json',
});
report.transcript = transcription.text;
report.transcriptDuration = transcription.duration;
report.transcriptSegments = transcription.segments?.length;

// An injected server error surfaces as the client's typed error.
try {
  await client.chat.completions.create(
    { model: 'mock-llm', messages },
    { headers: { 'x-mock-error-rate': '1', 'x-mock-error-status': '503' } },
  );
  report.injectedError = 'none';
} catch (error) {
  report.injectedError = { name: error.constructor.name, status: error.status, code: error.code, type: error.type };
}

// A wrong key is an authentication error.
try {
  await new OpenAI({ baseURL, apiKey: 'sk-wrong', maxRetries: 0 }).chat.completions.create({ model: 'mock-llm', messages });
  report.wrongKey = 'accepted';
} catch (error) {
  report.wrongKey = { name: error.constructor.name, status: error.status, code: error.code };
}

console.log(JSON.stringify(report));

function wav(pcm, sampleRate) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
