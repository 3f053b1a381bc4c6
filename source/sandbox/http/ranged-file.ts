import {createReadStream, statSync} from 'node:fs';
import {pipeline} from 'node:stream/promises';
import type {Context} from './context.js';

/** Streams a file as a download, honouring a single `Range: bytes=a-b` (206, or 416 outside it). */
export async function sendRangedFile(context: Context, file: string, name: string) {
	const size = statSync(file).size;
	const range = /^bytes=(\d*)-(\d*)$/.exec(context.request.headers.range ?? '');
	let start = 0;
	let end = size - 1;
	if (range && (range[1] !== '' || range[2] !== '')) {
		start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
		end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
		if (start > end || start >= size) {
			context.response.writeHead(416, {'Content-Range': `bytes */${size}`}).end();
			return;
		}
	}

	const partial = range !== null && (start !== 0 || end !== size - 1);
	context.response.writeHead(partial ? 206 : 200, {
		'Content-Type': 'application/octet-stream',
		'Content-Length': size === 0 ? 0 : end - start + 1,
		'Content-Disposition': `attachment; filename="${name.replaceAll('"', '')}"`,
		'Accept-Ranges': 'bytes',
		...(partial ? {'Content-Range': `bytes ${start}-${end}/${size}`} : {}),
	});
	if (size === 0) {
		context.response.end();
		return;
	}

	await pipeline(createReadStream(file, {start, end}), context.response);
}
