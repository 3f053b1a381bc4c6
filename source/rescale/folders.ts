import {arrayOrPageOf, folderSchema} from './schemas.js';
import type {Transport} from './transport.js';
import type {Folder} from './types.js';

export type FoldersApi = {
	/** The v3 file folders (a bare array on the platform). */
	list(): Promise<Folder[]>;
	/** The folder of that name, created when missing. */
	ensure(name: string): Promise<Folder>;
	addFiles(folderId: string, fileIds: string[]): Promise<void>;
	/** Type 1 makes files input files (usable by later jobs). */
	changeFileType(fileIds: string[], typeId: number): Promise<void>;
};

export class Folders implements FoldersApi {
	readonly #transport: Transport;

	constructor(transport: Transport) {
		this.#transport = transport;
	}

	async list(): Promise<Folder[]> {
		return this.#transport.read('GET', '/api/v3/file-folders/', arrayOrPageOf(folderSchema));
	}

	async ensure(name: string): Promise<Folder> {
		const existing = (await this.list()).find(folder => folder.name === name);
		if (existing) {
			return existing;
		}

		try {
			return await this.#transport.read('POST', '/api/v3/file-folders/', folderSchema, {data: {name, parentId: null}, retry: 'unprocessed'});
		} catch (error) {
			// Another process may have created it meanwhile (the platform answers 400 then).
			const raced = (await this.list()).find(folder => folder.name === name);
			if (raced) {
				return raced;
			}

			throw error;
		}
	}

	async addFiles(folderId: string, fileIds: string[]): Promise<void> {
		await this.#transport.send('POST', `/api/v3/file-folders/${encodeURIComponent(folderId)}/files/`, {data: {ids: fileIds}, retry: 'always'});
	}

	async changeFileType(fileIds: string[], typeId: number): Promise<void> {
		await this.#transport.send('POST', '/api/v3/files/bulk/type-change/', {data: {ids: fileIds, type: typeId}, retry: 'always'});
	}
}
