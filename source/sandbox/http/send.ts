import type {Context} from './context.js';

/** Answers with JSON (or no body), unless a fault decided this answer is lost. */
export function send(context: Context, status: number, body?: unknown, headers: Record<string, string> = {}) {
	const {response} = context;
	if (context.answerLost) {
		response.socket?.destroy();
		return;
	}

	if (response.headersSent) {
		return;
	}

	if (body === undefined) {
		response.writeHead(status, headers).end();
		return;
	}

	const text = JSON.stringify(body);
	response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers}).end(text);
}
