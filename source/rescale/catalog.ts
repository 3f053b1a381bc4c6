import {analysisSchema, coretypeSchema} from './schemas.js';
import type {Transport} from './transport.js';
import type {Analysis, Coretype} from './types.js';

export type CatalogApi = {
	/** Active coretypes that take new jobs: the platform still lists deprecated ones, they are left out. */
	coretypes(): Promise<Coretype[]>;
	/** The account's prices per coretype and plan (on demand, low priority). */
	/** Software tiles with their versions, newest first. */
	analyses(): Promise<Analysis[]>;
};

export class Catalog implements CatalogApi {
	readonly #transport: Transport;

	constructor(transport: Transport) {
		this.#transport = transport;
	}

	async coretypes(): Promise<Coretype[]> {
		const listed = await this.#transport.collect('/api/v2/coretypes/', coretypeSchema, {isActive: true, page_size: 1000});
		return listed.filter(coretype => !coretype.isDeprecated);
	}

	async analyses(): Promise<Analysis[]> {
		return this.#transport.collect('/api/v2/analyses/', analysisSchema, {page_size: 1000});
	}
}
