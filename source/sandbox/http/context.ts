import type {IncomingMessage, ServerResponse} from 'node:http';

/** One request as a route sees it. */
export type Context = {
	request: IncomingMessage;
	response: ServerResponse;
	url: URL;
	/** The pattern's captures, in order. */
	params: string[];
	/** `http://host:port`, for the absolute URLs the platform puts in `next` and `downloadUrl`. */
	base: string;
	/** Set by a `reset` fault: the request takes effect but its answer never arrives. */
	answerLost: boolean;
};

export type Handler = (context: Context) => Promise<void> | void;
