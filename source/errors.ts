/**
 * An error the user can act on: a one-line message, an optional hint, and the exit code a
 * headless command ends with. Anything else that reaches the top level is a bug.
 */
export class UserError extends Error {
	readonly hint: string | undefined;
	readonly exitCode: number;

	constructor(message: string, options: {hint?: string; exitCode?: number; cause?: unknown} = {}) {
		super(message, {cause: options.cause});
		this.name = 'UserError';
		this.hint = options.hint;
		this.exitCode = options.exitCode ?? 2;
	}
}
