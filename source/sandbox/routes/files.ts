import {readFile} from 'node:fs/promises';
import {notFound} from '../http/http-error.js';
import {receiveMultipartFile} from '../http/multipart-file.js';
import {paginate} from '../http/pagination.js';
import {sendRangedFile} from '../http/ranged-file.js';
import {route, type Route} from '../http/router.js';
import {send} from '../http/send.js';
import type {Platform} from '../platform.js';
import {fileJson, runningLogJob} from './file-json.js';

export function fileRoutes(platform: Platform): Route[] {
	const {store} = platform;
	const fileOr404 = (id: string) => store.files.get(id) ?? (() => {
		throw notFound();
	})();

	return [
		route('POST', '/api/v2/files/contents/', async context => {
			const id = store.newId();
			const {name, size} = await receiveMultipartFile(context.request, 'file', store.blobPath(id));
			const file = store.addFile({id, name, typeId: 1, decryptedSize: size});
			if (platform.uploadAnswerDelayMs > 0) {
				// The file is stored; only its answer is late (a window to interrupt the client in).
				await new Promise(resolve => setTimeout(resolve, platform.uploadAnswerDelayMs));
			}

			send(context, 201, fileJson(context, platform, file));
		}),
		route('GET', '/api/v2/files/', context => {
			const search = context.url.searchParams.get('search')?.toLowerCase();
			const files = [...store.files.values()].filter(file => !search || file.name.toLowerCase().includes(search)).reverse();
			send(context, 200, paginate(context, files.map(file => fileJson(context, platform, file))));
		}),
		route('GET', '/api/v2/files/{id}/', context => {
			send(context, 200, fileJson(context, platform, fileOr404(context.params[0]!)));
		}),
		route('DELETE', '/api/v2/files/{id}/', context => {
			fileOr404(context.params[0]!);
			store.deleteFile(context.params[0]!);
			send(context, 204);
		}),
		route('GET', '/api/v2/files/{id}/contents/', async context => {
			const file = fileOr404(context.params[0]!);
			const job = runningLogJob(platform, file);
			if (job) {
				const text = store.logText(job);
				context.response.writeHead(200, {'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text)}).end(text);
				return;
			}

			await sendRangedFile(context, store.blobPath(file.id), file.name);
		}),
		route('GET', '/api/v2/files/{id}/lines/', async context => {
			const file = fileOr404(context.params[0]!);
			const job = runningLogJob(platform, file);
			const text = job ? store.logText(job) : await readFile(store.blobPath(file.id), 'utf8');
			// Lines keep their newline; the last one may have none (contract, Endpoints).
			send(context, 200, {lines: text.match(/[^\n]*\n|[^\n]+$/g) ?? []});
		}),
	];
}
