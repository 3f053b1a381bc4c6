/** Sizes as people read them: 1024-based, one decimal above bytes. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** How far ahead of this machine's clock a date may be and still be said as `just now`: clocks drift. */
const clockSkewMinutes = 5;

/**
 * How long ago a platform date was, as people say it (`just now`, `5 min ago`, `3 h ago`), or its
 * day in local time when older than a day. A platform date's own zone (UTC, or Rescale's -07:00)
 * would read as the wrong hour to the user. A date a few minutes ahead of this machine's clock is
 * clock skew, `just now`; one further ahead is said as its local day and time, never as a negative
 * age; one that cannot be read is said to be unknown rather than shown raw.
 */
export function formatAge(date: string | undefined, now = Date.now()): string {
	const time = date === undefined ? Number.NaN : Date.parse(date);
	if (Number.isNaN(time)) {
		return 'at an unknown time';
	}

	const minutes = Math.floor((now - time) / 60_000);
	if (minutes < -clockSkewMinutes) {
		const local = new Date(time);
		return `on ${localDay(local)} at ${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
	}

	if (minutes < 1) {
		return 'just now';
	}

	if (minutes < 60) {
		return `${minutes} min ago`;
	}

	if (minutes < 24 * 60) {
		return `${Math.floor(minutes / 60)} h ago`;
	}

	return `on ${localDay(new Date(time))}`;
}

function localDay(date: Date): string {
	return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
