// The official Timekit JavaScript SDK (npm `timekit-sdk`, pinned in package.json) against a
// running timekit-emulator: every one of our 16 operations that the SDK has a method for, with
// the answers checked. Exits 1 on the first mismatch.
//
//   TIMEKIT_BASE_URL=http://127.0.0.1:8787/v2 TIMEKIT_API_KEY=test_api_key_… node flow.mjs
//
// The SDK builds every URL as `apiBaseUrl + apiVersion + path` (src/utils.js `buildUrl`), so the
// emulator's `…/v2` address is split into `apiBaseUrl: 'http://127.0.0.1:8787/'` and
// `apiVersion: 'v2'`; `appKey` is sent as Basic auth with an empty user (`:<key>`).

import timekit from 'timekit-sdk';

const baseUrl = (process.env.TIMEKIT_BASE_URL || 'http://127.0.0.1:8787/v2').replace(/\/+$/, '');
const apiKey = process.env.TIMEKIT_API_KEY;
if (!apiKey) {
	console.error('flow.mjs: set TIMEKIT_API_KEY to the key the emulator was started with');
	process.exit(2);
}
const versionAt = baseUrl.lastIndexOf('/');
const apiBaseUrl = baseUrl.slice(0, versionAt + 1); // keeps the trailing slash
const apiVersion = baseUrl.slice(versionAt + 1); // "v2"

timekit.configure({ apiBaseUrl, apiVersion, appKey: apiKey });

let steps = 0;

class Mismatch extends Error {}

function check(condition, what, actual) {
	if (!condition) {
		throw new Mismatch(`${what}; got ${JSON.stringify(actual)}`);
	}
}

function step(name) {
	steps += 1;
	console.log(`  ok  ${name}`);
}

function skip(name, reason) {
	console.log(`  skip ${name}: ${reason}`);
}

/** The SDK rejects a non-2xx answer with axios' `error.response` ({status, data, …}). */
async function refused(promise) {
	try {
		const response = await promise;
		return { status: response.status, data: response.data, resolved: true };
	} catch (error) {
		if (error && typeof error.status === 'number') {
			return { status: error.status, data: error.data, resolved: false };
		}
		throw error;
	}
}

/** A day a week from now (UTC), so every slot lies in the emulator's future. */
function dayAhead() {
	const day = new Date(Date.now() + 7 * 24 * 3600 * 1000);
	return day.toISOString().slice(0, 10);
}

async function main() {
	console.log(`timekit-sdk against ${apiBaseUrl}${apiVersion}`);

	// 1. GET /app
	const app = await timekit.getApp();
	check(app.status === 200, 'getApp answers 200', app.status);
	check(typeof app.data.id === 'string' && typeof app.data.slug === 'string', 'getApp: data.id and data.slug', app.data);
	step(`getApp -> slug ${app.data.slug}`);

	// 2. POST /app/invite: the SDK has no method for it.
	skip('POST /app/invite', 'timekit-sdk 1.19.8 has no invite method (python-timekit covers it)');

	// 3. POST /resources (camelCase keys are snake_cased by the SDK's humps.decamelizeKeys)
	const created = await timekit.createResource({
		name: 'Peer room (js)',
		timezone: 'Europe/Berlin',
		meta: { peerName: 'js' },
	});
	check(created.status === 201, 'createResource answers 201', created.status);
	const resource = created.data;
	check(typeof resource.id === 'string', 'createResource: data.id', resource);
	check(resource.timezone === 'Europe/Berlin', 'createResource: timezone echoed', resource);
	check(resource.meta && resource.meta.peer_name === 'js', 'createResource: meta key snake_cased by the SDK', resource.meta);
	step(`createResource -> ${resource.id}`);

	// 4. GET /resources (query parameters go through carry())
	const listed = await timekit.carry({ params: { limit: 100, page: 1 } }).getResources();
	check(listed.status === 200, 'getResources answers 200', listed.status);
	check(Array.isArray(listed.data), 'getResources: data flattened to an array', listed.data);
	check(listed.data.some((r) => r.id === resource.id), 'getResources lists the new resource', listed.data);
	check(listed.metaData && listed.metaData.current_page === 1 && listed.metaData.total >= 1,
		'getResources: paginator keys moved to metaData', listed.metaData);
	step(`getResources -> ${listed.data.length} on page ${listed.metaData.current_page}`);

	// 5. GET /resources/{id}
	const fetched = await timekit.getResource({ id: resource.id });
	check(fetched.status === 200 && fetched.data.id === resource.id, 'getResource returns the resource', fetched.data);
	step('getResource');

	// 6. PUT /resources/{id} (the SDK moves `id` from the body into the path)
	const renamed = await timekit.updateResource({ id: resource.id, name: 'Peer room (js) renamed' });
	check(renamed.status >= 200 && renamed.status < 300, 'updateResource answers 2xx', renamed.status);
	const reread = await timekit.getResource({ id: resource.id });
	check(reread.data.name === 'Peer room (js) renamed', 'updateResource renamed the resource', reread.data);
	step('updateResource');

	// 8. POST /availability
	const day = dayAhead();
	const availability = await timekit.fetchAvailability({
		mode: 'roundrobin_random',
		resources: [resource.id],
		from: `${day}T08:00:00+00:00`,
		to: `${day}T12:00:00+00:00`,
		length: '1 hour',
		timeslotIncrements: '1 hour',
	});
	check(availability.status === 200, 'fetchAvailability answers 200', availability.status);
	const slots = availability.data;
	check(Array.isArray(slots) && slots.length === 4, 'fetchAvailability: four free hours', slots);
	check(slots[0].resources[0].id === resource.id, 'fetchAvailability: slot names the resource', slots[0]);
	check(Date.parse(slots[0].start) === Date.parse(`${day}T08:00:00Z`), 'fetchAvailability: first slot at 08:00Z', slots[0]);
	step(`fetchAvailability -> ${slots.length} slots`);

	// 9. POST /bookings
	const booking = await timekit.createBooking({
		resourceId: resource.id,
		graph: 'confirm_decline',
		start: slots[0].start,
		end: slots[0].end,
		what: 'Peer check (js)',
		where: 'Room 1',
		description: 'Booked by the official JS SDK',
		customer: { name: 'Jane Roe', email: 'jane@example.com', timezone: 'Europe/Berlin' },
		meta: { source: 'js' },
	});
	check(booking.status === 201, 'createBooking answers 201', booking.status);
	const id = booking.data.id;
	check(booking.data.state === 'tentative', 'createBooking: a confirm_decline booking starts tentative', booking.data);
	step(`createBooking -> ${id} (${booking.data.state})`);

	// 12. PUT /bookings/{id}/{action}
	const confirmed = await timekit.updateBooking({ id, action: 'confirm' });
	check(confirmed.status === 200 && confirmed.data.state === 'confirmed', 'updateBooking confirm -> confirmed', confirmed.data);
	step('updateBooking confirm');

	// A confirmed booking blocks its hour (a tentative confirm_decline one does not, as in Timekit).
	const after = await timekit.fetchAvailability({
		mode: 'roundrobin_random',
		resources: [resource.id],
		from: `${day}T08:00:00+00:00`,
		to: `${day}T12:00:00+00:00`,
		length: '1 hour',
	});
	check(after.data.length === 3 && !after.data.some((s) => Date.parse(s.start) === Date.parse(slots[0].start)),
		'fetchAvailability: the booked hour is gone', after.data);
	step('fetchAvailability after confirm -> 3 slots');

	// 10. GET /bookings with a search (carry() params)
	const bookings = await timekit.carry({ params: { search: `resource.id:${resource.id}`, limit: 50 } }).getBookings();
	check(bookings.status === 200 && Array.isArray(bookings.data), 'getBookings answers a list', bookings.data);
	check(bookings.data.length === 1 && bookings.data[0].id === id && bookings.data[0].state === 'confirmed',
		'getBookings: exactly the confirmed booking of this resource', bookings.data);
	check(bookings.metaData && bookings.metaData.total === 1, 'getBookings: metaData.total', bookings.metaData);
	step('getBookings (search resource.id)');

	// 11. GET /bookings/{id} with include()
	const one = await timekit.include('attributes', 'customers').getBooking({ id });
	check(one.status === 200 && one.data.id === id && one.data.state === 'confirmed', 'getBooking returns it', one.data);
	check(one.data.graph === 'confirm_decline', 'getBooking: graph', one.data);
	check(Array.isArray(one.data.customers) && one.data.customers[0].email === 'jane@example.com',
		'getBooking include(customers): the customer', one.data.customers);
	check(one.data.attributes && one.data.attributes.event_info && one.data.attributes.event_info.what === 'Peer check (js)'
		&& Date.parse(one.data.attributes.event_info.start) === Date.parse(slots[0].start),
		'getBooking include(attributes): event_info what/start', one.data.attributes);
	step('getBooking include(attributes, customers)');

	// 13. PUT /bookings/{id} with {meta}: the SDK's updateBooking always adds `/{action}`, so this
	// goes through the SDK's own request function (same base URL, auth and body handling).
	const meta = await timekit.makeRequest({ url: `/bookings/${id}`, method: 'put', data: { meta: { ticket: 'T-1' } } });
	check(meta.status === 200 && meta.data.meta && meta.data.meta.ticket === 'T-1' && meta.data.meta.source === 'js',
		'PUT /bookings/{id} merges meta', meta.data);
	step('PUT /bookings/{id} meta (makeRequest: no named SDK method)');

	// 16. DELETE /bookings/{id} is refused while the booking is not final.
	const early = await refused(timekit.deleteBooking({ id }));
	check(!early.resolved && early.status === 422 && typeof early.data.error === 'string',
		'deleteBooking of a confirmed booking is refused with 422 {error}', early);
	step(`deleteBooking while confirmed -> 422 "${early.data.error}"`);

	const cancelled = await timekit.updateBooking({ id, action: 'cancel', cancel: { message: 'Peer check done' } });
	check(cancelled.status === 200 && cancelled.data.state === 'cancelled' && cancelled.data.completed === true,
		'updateBooking cancel -> cancelled, completed', cancelled.data);
	step('updateBooking cancel');

	const wrong = await refused(timekit.updateBooking({ id, action: 'confirm' }));
	check(!wrong.resolved && wrong.status >= 400 && wrong.status < 500, 'confirming a cancelled booking is refused', wrong);
	step(`updateBooking confirm on cancelled -> ${wrong.status}`);

	const deleted = await timekit.deleteBooking({ id });
	check(deleted.status >= 200 && deleted.status < 300, 'deleteBooking after cancel answers 2xx', deleted.status);
	const gone = await refused(timekit.getBooking({ id }));
	check(!gone.resolved && gone.status === 404, 'getBooking of a deleted booking answers 404', gone);
	step(`deleteBooking after cancel -> ${deleted.status}, then 404`);

	// 14. POST /bookings/bulk
	const template = (slot, n) => ({
		resourceId: resource.id,
		graph: 'instant',
		start: slot.start,
		end: slot.end,
		what: `Bulk ${n}`,
		where: 'Room 1',
		description: 'bulk',
		customer: { name: `Customer ${n}`, email: `c${n}@example.com` },
	});
	const bulk = await timekit.createBookingsBulk({ bookings: [template(slots[1], 1), template(slots[2], 2)] });
	check(bulk.status >= 200 && bulk.status < 300 && Array.isArray(bulk.data) && bulk.data.length === 2,
		'createBookingsBulk answers two items', bulk.data);
	check(bulk.data.every((b) => b.state === 'confirmed'), 'createBookingsBulk: instant bookings are confirmed', bulk.data);
	step(`createBookingsBulk -> ${bulk.data.map((b) => b.state).join(', ')}`);

	// 15. PUT /bookings/bulk
	const bulkUpdate = await timekit.updateBookingsBulk({
		bookings: bulk.data.map((b) => ({ id: b.id, action: 'cancel', cancel: { message: 'bulk cancel' } })),
	});
	check(bulkUpdate.status >= 200 && bulkUpdate.status < 300 && Array.isArray(bulkUpdate.data) && bulkUpdate.data.length === 2,
		'updateBookingsBulk answers two items', bulkUpdate.data);
	check(bulkUpdate.data.every((b) => b.state === 'cancelled'), 'updateBookingsBulk: both cancelled', bulkUpdate.data);
	step('updateBookingsBulk cancel');

	// 7. DELETE /resources/{id} (the SDK also sends {id} as a DELETE body)
	const dropped = await timekit.deleteResource({ id: resource.id });
	check(dropped.status >= 200 && dropped.status < 300, 'deleteResource answers 2xx', dropped.status);
	const noResource = await refused(timekit.getResource({ id: resource.id }));
	check(!noResource.resolved && noResource.status === 404, 'getResource of a deleted resource answers 404', noResource);
	step(`deleteResource -> ${dropped.status}, then 404`);

	// A wrong key is refused with 401.
	const stranger = timekit.newInstance();
	stranger.configure({ apiBaseUrl, apiVersion, appKey: 'test_api_key_wrong' });
	const denied = await refused(stranger.getApp());
	check(!denied.resolved && denied.status === 401, 'a wrong app key answers 401', denied);
	step('wrong appKey -> 401');

	console.log(`js peer: ${steps} steps passed`);
}

main().catch((error) => {
	if (error instanceof Mismatch) {
		console.error(`js peer: MISMATCH after ${steps} steps: ${error.message}`);
	} else if (error && typeof error.status === 'number') {
		// An unexpected non-2xx answer: show the request the SDK made and what came back.
		const request = error.config || {};
		console.error(`js peer: unexpected ${error.status} for ${String(request.method).toUpperCase()} ${request.url}` +
			` body ${JSON.stringify(request.data)}: ${JSON.stringify(error.data)}`);
	} else {
		console.error('js peer: error', error);
	}
	process.exit(1);
});
