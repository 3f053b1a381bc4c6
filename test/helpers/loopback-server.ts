import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after} from 'node:test';

/** Listens on a free loopback port for the current test file, closed (open connections too) after it; returns its URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	after(() => {
		server.closeAllConnections();
		server.close();
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
