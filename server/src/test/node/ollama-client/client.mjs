// ollama-js, unchanged, pointed at llmgw: every call a typical Ollama app makes, results printed as one JSON line.
// LLMGW_URL and LLMGW_TOKEN say where and who; LLMGW_MODEL which model (default: stub).
import { Ollama } from 'ollama';

const host = process.env.LLMGW_URL;
const token = process.env.LLMGW_TOKEN;
if (!host || !token) {
  console.error('set LLMGW_URL and LLMGW_TOKEN');
  process.exit(2);
}
const model = process.env.LLMGW_MODEL ?? 'stub';
const ollama = new Ollama({ host, headers: { Authorization: 'Bearer ' + token } });
const ask = (content) => [{ role: 'user', content }];

/** Runs a call that should fail and keeps what ollama-js made of the error. */
async function failure(call) {
  try {
    await call();
    return null;
  } catch (e) {
    return { name: e.name, status: e.status_code ?? null, message: e.error ?? e.message };
  }
}

const out = {};

const chat = await ollama.chat({ model, messages: ask('hello from ollama-js') });
out.chat = { role: chat.message.role, content: chat.message.content, done: chat.done, doneReason: chat.done_reason, evalCount: chat.eval_count };

let text = '';
let parts = 0;
let last;
for await (const part of await ollama.chat({ model, messages: ask('stream to ollama-js'), stream: true })) {
  text += part.message.content;
  parts++;
  last = part;
}
out.chatStream = { content: text, parts, done: last.done, doneReason: last.done_reason };

const capped = await ollama.chat({ model, messages: ask('a long question'), options: { num_predict: 3, temperature: 0 } });
out.capped = { content: capped.message.content, doneReason: capped.done_reason };

const generated = await ollama.generate({ model, prompt: 'why is the sky blue?', system: 'be brief' });
out.generate = { response: generated.response, done: generated.done };

text = '';
for await (const part of await ollama.generate({ model, prompt: 'stream a story', stream: true })) text += part.response;
out.generateStream = text;

const embedded = await ollama.embed({ model, input: ['first', 'second'] });
out.embed = { count: embedded.embeddings.length, size: embedded.embeddings[0].length };
const single = await ollama.embeddings({ model, prompt: 'second' });
out.embeddings = { size: single.embedding.length, sameAsEmbed: JSON.stringify(single.embedding) === JSON.stringify(embedded.embeddings[1]) };

out.list = (await ollama.list()).models.map((m) => m.name);

out.notFound = await failure(() => ollama.chat({ model: 'no-such-model', messages: ask('hi') }));
out.unauthorized = await failure(() => new Ollama({ host, headers: { Authorization: 'Bearer wrong' } }).list());
out.blocked = await failure(() => ollama.chat({ model, messages: ask('deploy with AKIAIOSFODNN7EXAMPLE') }));

console.log(JSON.stringify(out));
