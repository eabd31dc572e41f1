'use strict';
// HubSpot's official Node client (@hubspot/api-client) pointed at the gateway instead of api.hubapi.com. Every call is
// a single-record call of the SDK, made many at a time so that the gateway coalesces them into batch requests; every
// answer goes through the SDK's own deserialiser and must come out as its models, with each caller's own record.
//
// Environment: HUBGATE_BASE_PATH (http://host:port/hubspot/<portal>), HUBGATE_TOKEN (a caller token for that portal),
// HUBGATE_READ_TOKEN (one that may only read), RUN (a tag for unique emails), COUNT (records per type, default 40).
// Prints one JSON line: counts per operation, the ids the SDK saw, and every mismatch; exits 1 when there is one.

const hubspot = require('@hubspot/api-client');
const contactsModels = require('@hubspot/api-client/lib/codegen/crm/contacts');
const companiesModels = require('@hubspot/api-client/lib/codegen/crm/companies');
const dealsModels = require('@hubspot/api-client/lib/codegen/crm/deals');
const associationsModels = require('@hubspot/api-client/lib/codegen/crm/associations/v4');

const basePath = required('HUBGATE_BASE_PATH');
const token = required('HUBGATE_TOKEN');
const readToken = required('HUBGATE_READ_TOKEN');
const run = process.env.RUN || String(Date.now());
const count = Number(process.env.COUNT || 40);

const client = new hubspot.Client({
  accessToken: token,
  basePath,
  numberOfApiCallRetries: 0,
  // the SDK's default limiter (6 at a time, 9 per second) would serialise the calls: nothing would be left to coalesce
  limiterOptions: { maxConcurrent: 1000, minTime: 0, id: 'sdk-compat' },
});

const mismatches = [];
const calls = {};

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

function mismatch(operation, what, detail) {
  mismatches.push({ operation, what, detail: detail === undefined ? undefined : String(detail).slice(0, 300) });
}

/** One SDK call, counted; a rejection becomes a mismatch unless the caller expects it. */
async function call(operation, fn) {
  calls[operation] = (calls[operation] || 0) + 1;
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
}

function expectValue(operation, outcome) {
  if (outcome.error) {
    const e = outcome.error;
    mismatch(operation, 'rejected', `${e.code || ''} ${e.message} ${JSON.stringify(e.body || '')}`);
    return null;
  }
  return outcome.value;
}

/** A record as the SDK's model: its class, a plain id, dates parsed into Dates, the properties the caller sent. */
function checkRecord(operation, record, model, expected) {
  if (!record) {
    return false;
  }
  let ok = true;
  const fail = (what, detail) => {
    ok = false;
    mismatch(operation, what, detail);
  };
  if (!(record instanceof model)) {
    fail('not the SDK model', record && record.constructor && record.constructor.name);
  }
  if (typeof record.id !== 'string' || !/^[0-9]+$/.test(record.id)) {
    fail('id', record.id);
  }
  for (const field of ['createdAt', 'updatedAt']) {
    if (!(record[field] instanceof Date) || Number.isNaN(record[field].getTime())) {
      fail(`${field} not a Date`, record[field]);
    }
  }
  if (record.archived !== false) {
    fail('archived', record.archived);
  }
  if ('objectWriteTraceId' in record && record.objectWriteTraceId !== undefined) {
    fail('objectWriteTraceId leaked', record.objectWriteTraceId);
  }
  for (const [name, value] of Object.entries(expected)) {
    if (!record.properties || record.properties[name] !== value) {
      fail(`property ${name}`, `expected ${value}, got ${record.properties && record.properties[name]}`);
    }
  }
  return ok;
}

function expectStatus(operation, outcome, code, model, category) {
  if (!outcome.error) {
    mismatch(operation, `expected ${code}`, 'the call succeeded');
    return;
  }
  const e = outcome.error;
  if (!(e instanceof model.ApiException)) {
    mismatch(operation, 'not the SDK ApiException', `${e.constructor && e.constructor.name}: ${e.message}`);
  } else if (e.code !== code) {
    mismatch(operation, `expected ${code}`, `${e.code} ${JSON.stringify(e.body)}`);
  } else if (!e.body || typeof e.body.message !== 'string' || typeof e.body.category !== 'string') {
    mismatch(operation, 'error body not parsed', JSON.stringify(e.body));
  } else if (category && e.body.category !== category) {
    mismatch(operation, `expected ${category}`, JSON.stringify(e.body));
  }
}

const range = (n) => Array.from({ length: n }, (_, i) => i);
const email = (i) => `sdk${i}-${run}@example.com`;

async function main() {
  const apis = {
    contacts: client.crm.contacts.basicApi,
    companies: client.crm.companies.basicApi,
    deals: client.crm.deals.basicApi,
  };
  const models = { contacts: contactsModels, companies: companiesModels, deals: dealsModels };
  const sent = {
    contacts: (i) => ({ email: email(i), firstname: `Ada${i}`, lastname: run }),
    companies: (i) => ({ name: `Engines ${i} ${run}`, domain: `engines${i}-${run}.example.com` }),
    deals: (i) => ({ dealname: `Deal ${i} ${run}`, dealstage: 'appointmentscheduled', pipeline: 'default',
      amount: String(1000 + i), closedate: '2026-04-01T12:00:00Z' }),
  };
  const ids = { contacts: [], companies: [], deals: [] };

  // 1. creates: every type at once
  await Promise.all(Object.keys(apis).flatMap((type) => range(count).map(async (i) => {
    const properties = sent[type](i);
    const created = expectValue(`create ${type}`,
      await call('create', () => apis[type].create({ properties, associations: [] })));
    if (checkRecord(`create ${type}`, created, models[type].SimplePublicObject, properties)) {
      ids[type][i] = created.id;
    }
  })));
  for (const type of Object.keys(ids)) {
    if (new Set(ids[type].filter(Boolean)).size !== count) {
      mismatch(`create ${type}`, 'distinct ids', `${new Set(ids[type]).size} of ${count}`);
    }
  }

  // 2. reads of every record, with more creates among them: one of them an email that exists (409 for it alone)
  const lateEmails = range(5).map((i) => email(count + i));
  const late = [];
  await Promise.all([
    ...Object.keys(apis).flatMap((type) => range(count).map(async (i) => {
      const names = Object.keys(sent[type](i));
      const read = expectValue(`read ${type}`,
        await call('read', () => apis[type].getById(ids[type][i], names, undefined, undefined, false)));
      if (checkRecord(`read ${type}`, read, models[type].SimplePublicObjectWithAssociations, sent[type](i))
          && read.id !== ids[type][i]) {
        mismatch(`read ${type}`, 'another record', `${read.id} for ${ids[type][i]}`);
      }
    })),
    (async () => expectStatus('create existing email',
      await call('create', () => apis.contacts.create({ properties: { email: email(0) }, associations: [] })),
      409, contactsModels, 'CONFLICT'))(),
    ...lateEmails.map(async (address, i) => {
      const created = expectValue('create contacts (beside a 409)',
        await call('create', () => apis.contacts.create({ properties: { email: address }, associations: [] })));
      if (checkRecord('create contacts (beside a 409)', created, contactsModels.SimplePublicObject,
          { email: address })) {
        late[i] = created.id;
      }
    }),
  ]);

  // 3. updates of every record, and default associations contact → company and deal → company, all at once
  const updated = {
    contacts: (i) => ({ firstname: `Grace${i}` }),
    companies: (i) => ({ name: `Looms ${i} ${run}` }),
    deals: (i) => ({ amount: String(2000 + i) }),
  };
  const associated = { contacts: 0, deals: 0 };
  await Promise.all([
    ...Object.keys(apis).flatMap((type) => range(count).map(async (i) => {
      const record = expectValue(`update ${type}`,
        await call('update', () => apis[type].update(ids[type][i], { properties: updated[type](i) })));
      if (checkRecord(`update ${type}`, record, models[type].SimplePublicObject, updated[type](i))
          && record.id !== ids[type][i]) {
        mismatch(`update ${type}`, 'another record', `${record.id} for ${ids[type][i]}`);
      }
    })),
    ...['contacts', 'deals'].flatMap((from) => range(count).map(async (i) => {
      const answer = expectValue(`associate ${from}`, await call('associate', () =>
        client.crm.associations.v4.basicApi.createDefault(from, ids[from][i], 'companies', ids.companies[i])));
      if (!answer) {
        return;
      }
      const results = answer.results || [];
      if (!(answer instanceof associationsModels.BatchResponsePublicDefaultAssociation)) {
        mismatch(`associate ${from}`, 'not the SDK model', answer.constructor && answer.constructor.name);
      } else if (answer.status !== 'COMPLETE' || !(answer.completedAt instanceof Date)
          || Number.isNaN(answer.completedAt.getTime())) {
        mismatch(`associate ${from}`, 'envelope', JSON.stringify(answer));
      } else if (!results.some((r) => r instanceof associationsModels.PublicDefaultAssociation
          && r._from.id === ids[from][i] && r.to.id === ids.companies[i]
          && r.associationSpec instanceof associationsModels.AssociationSpec
          && typeof r.associationSpec.associationTypeId === 'number')) {
        mismatch(`associate ${from}`, 'not this caller\'s pair', JSON.stringify(results));
      } else if (results.some((r) => ![r._from.id, r.to.id]
          .every((id) => id === ids[from][i] || id === ids.companies[i]))) {
        mismatch(`associate ${from}`, 'another caller\'s pair', JSON.stringify(results));
      } else {
        associated[from]++;
      }
    })),
  ]);

  // 4. archives: the first half of the contacts and every deal
  const half = Math.floor(count / 2);
  const archived = { contacts: ids.contacts.slice(0, half), deals: ids.deals.slice() };
  await Promise.all(Object.entries(archived).flatMap(([type, list]) => list.map(async (id) => {
    const outcome = await call('archive', () => apis[type].archive(id));
    if (expectValue(`archive ${type}`, outcome) !== undefined && !outcome.error) {
      mismatch(`archive ${type}`, 'a body for a 204', JSON.stringify(outcome.value));
    }
  })));

  // 5. reads again: the archived and an unknown id are 404 for their callers, the others carry their updates
  await Promise.all([
    ...Object.entries(archived).flatMap(([type, list]) => list.map(async (id) => expectStatus(`read archived ${type}`,
      await call('read', () => apis[type].getById(id)), 404, models[type]))),
    (async () => expectStatus('read unknown contact',
      await call('read', () => apis.contacts.getById('999999999', ['email'])), 404, contactsModels))(),
    ...range(count - half).map(async (k) => {
      const i = half + k;
      const read = expectValue('read updated contacts', await call('read', () =>
        apis.contacts.getById(ids.contacts[i], ['email', 'firstname'])));
      if (checkRecord('read updated contacts', read, contactsModels.SimplePublicObjectWithAssociations,
          { email: email(i), firstname: `Grace${i}` }) && read.id !== ids.contacts[i]) {
        mismatch('read updated contacts', 'another record', `${read.id} for ${ids.contacts[i]}`);
      }
    }),
  ]);

  // 6. the single endpoints' other shapes, at once: by email, with history, and the errors that concern one caller
  const byEmail = half;
  const withHistory = half + 1;
  await Promise.all([
    (async () => {
      const read = expectValue('read by email', await call('read', () =>
        apis.contacts.getById(email(byEmail), ['firstname'], undefined, undefined, false, 'email')));
      if (checkRecord('read by email', read, contactsModels.SimplePublicObjectWithAssociations,
          { firstname: `Grace${byEmail}` }) && read.id !== ids.contacts[byEmail]) {
        mismatch('read by email', 'another record', `${read.id} for ${ids.contacts[byEmail]}`);
      }
    })(),
    (async () => {
      const read = expectValue('read with history', await call('read', () =>
        apis.contacts.getById(ids.contacts[withHistory], ['email'], ['firstname'])));
      // the simulator keeps no history; where HubSpot sends one, it must parse into the SDK's models
      const history = (read && read.propertiesWithHistory && read.propertiesWithHistory.firstname) || [];
      if (checkRecord('read with history', read, contactsModels.SimplePublicObjectWithAssociations,
          { email: email(withHistory) }) && !history.every((h) => h instanceof contactsModels.ValueWithTimestamp
            && h.timestamp instanceof Date && !Number.isNaN(h.timestamp.getTime()))) {
        mismatch('read with history', 'propertiesWithHistory', JSON.stringify(read.propertiesWithHistory));
      }
    })(),
    // the gateway's own refusal, as the SDK shows it: HubSpot's message and category in ApiException.body
    (async () => expectStatus('create with a read-only token', await call('create', () =>
      new hubspot.Client({ accessToken: readToken, basePath, numberOfApiCallRetries: 0 }).crm.contacts.basicApi
        .create({ properties: { email: email(count + 98) }, associations: [] })), 403, contactsModels,
      'MISSING_SCOPES'))(),
    // two calls the gateway forwards as they are (HubSpot's contacts batch update takes no idProperty; association
    // reads have no batch twin in the coalescer): the SDK must read their answers as HubSpot's too
    (async () => {
      const i = half + 3;
      const record = expectValue('update by email', await call('update', () =>
        apis.contacts.update(email(i), { properties: { lastname: `ByEmail${i}` } }, 'email')));
      if (checkRecord('update by email', record, contactsModels.SimplePublicObject, { lastname: `ByEmail${i}` })
          && record.id !== ids.contacts[i]) {
        mismatch('update by email', 'another record', `${record.id} for ${ids.contacts[i]}`);
      }
    })(),
    (async () => {
      const i = half + 4;
      const page = expectValue('read associations', await call('read associations', () =>
        client.crm.associations.v4.basicApi.getPage('contacts', ids.contacts[i], 'companies')));
      if (page && !(page instanceof associationsModels.CollectionResponseMultiAssociatedObjectWithLabelForwardPaging
          && page.results.some((r) => r instanceof associationsModels.MultiAssociatedObjectWithLabel
            && String(r.toObjectId) === ids.companies[i] && r.associationTypes.length > 0))) {
        mismatch('read associations', 'not the SDK model or not its company', JSON.stringify(page));
      }
    })(),
    (async () => expectStatus('update unknown contact', await call('update', () =>
      apis.contacts.update('999999998', { properties: { firstname: 'Nobody' } })), 404, contactsModels,
      'OBJECT_NOT_FOUND'))(),
    (async () => expectStatus('associate with an unknown company', await call('associate', () =>
      client.crm.associations.v4.basicApi.createDefault('contacts', ids.contacts[half + 2], 'companies', '999999995')),
      404, associationsModels, 'OBJECT_NOT_FOUND'))(),
    (async () => expectStatus('create with an unknown property', await call('create', () =>
      apis.contacts.create({ properties: { email: email(count + 99), no_such_property: 'x' }, associations: [] })),
      400, contactsModels, 'VALIDATION_ERROR'))(),
    (async () => {
      const outcome = await call('archive', () => apis.companies.archive('999999996'));
      if (outcome.error) {
        mismatch('archive unknown company', 'rejected', `${outcome.error.code} ${JSON.stringify(outcome.error.body)}`);
      }
    })(),
  ]);

  const summary = {
    sdk: '@hubspot/api-client',
    sdkVersion: require('@hubspot/api-client/package.json').version,
    node: process.version,
    count,
    calls,
    associated,
    ids: {
      contacts: ids.contacts.concat(late),
      companies: ids.companies,
      deals: ids.deals,
    },
    archived,
    mismatches,
  };
  console.log(JSON.stringify(summary));
  process.exit(mismatches.length === 0 ? 0 : 1);
}

main().catch((error) => {
  mismatch('script', 'crashed', error && error.stack || error);
  console.log(JSON.stringify({ calls, mismatches }));
  process.exit(1);
});
