import {notFound} from '../http/http-error.js';
import {readJson} from '../http/json-body.js';
import {route, type Route} from '../http/router.js';
import {send} from '../http/send.js';
import type {Platform} from '../platform.js';
import {acceptFileIds, acceptFileType, acceptFolderName} from '../rules/folder-rules.js';

/** The v3 routes that file a SIF: folders, filing into a folder, and the bulk type change. */
export function folderRoutes({store}: Platform): Route[] {
	return [
		route('GET', '/api/v3/file-folders/', context => {
			send(context, 200, [...store.folders.values()].map(({id, name, parentId}) => ({id, name, parentId})));
		}),
		route('POST', '/api/v3/file-folders/', async context => {
			const body = await readJson(context.request);
			const folder = store.addFolder(acceptFolderName(body, store), typeof body.parentId === 'string' ? body.parentId : null);
			send(context, 201, {id: folder.id, name: folder.name, parentId: folder.parentId});
		}),
		route('POST', '/api/v3/file-folders/{id}/files/', async context => {
			const folder = store.folders.get(context.params[0]!);
			if (!folder) {
				throw notFound();
			}

			store.addToFolder(folder, acceptFileIds(await readJson(context.request), store));
			send(context, 204);
		}),
		route('POST', '/api/v3/files/bulk/type-change/', async context => {
			const body = await readJson(context.request);
			const type = acceptFileType(body);
			store.changeFileType(acceptFileIds(body, store), type);
			send(context, 204);
		}),
	];
}
