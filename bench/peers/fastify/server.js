// The peer of bench/api/run.sh: the v5store API's three benchmarked routes over the same
// PostgreSQL table, written the way a Fastify + pg service usually is: one pg.Pool, named
// prepared statements, JSON schemas for validation and for serializing the responses.
//
//   GET  /api/orders/:id                     the row, 404 none
//   POST /api/orders                         201, Location, the stored row
//   GET  /api/orders?status=eq.X&limit=N     a page by id, Link rel="next" when there is more
//
// Environment: PEER_LISTEN (port, default 8081), POOL_SIZE (default 4), and libpq's PGHOST,
// PGPORT, PGUSER, PGDATABASE for the database.
'use strict';

const fastify = require('fastify')({ logger: false });
const pg = require('pg');

// int8 as a number, as the v5store API writes int64 (every id here fits in 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

const pool = new pg.Pool({ max: Number(process.env.POOL_SIZE || 4) });

const columns = 'id, customer_id, status, total_cents, placed_at, note';

const order = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    customer_id: { type: 'integer' },
    status: { type: 'string' },
    total_cents: { type: 'integer' },
    placed_at: { type: 'string', format: 'date-time' },
    note: { type: ['string', 'null'] },
  },
};

const problem = {
  type: 'object',
  properties: { status: { type: 'integer' }, title: { type: 'string' }, detail: { type: 'string' } },
};

fastify.get('/api/orders/:id', {
  schema: {
    params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
    response: { 200: order, 404: problem },
  },
}, async (request, reply) => {
  const { rows } = await pool.query({
    name: 'order-by-id',
    text: `SELECT ${columns} FROM orders WHERE id = $1`,
    values: [request.params.id],
  });
  if (rows.length === 0) {
    return reply.code(404).send({ status: 404, title: 'Not Found', detail: 'no such order' });
  }
  return rows[0];
});

fastify.post('/api/orders', {
  schema: {
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['customer_id', 'total_cents'],
      properties: {
        customer_id: { type: 'integer' },
        status: { type: 'string', enum: ['new', 'paid', 'shipped', 'cancelled'] },
        total_cents: { type: 'integer', minimum: 0 },
        note: { type: ['string', 'null'] },
      },
    },
    response: { 201: order },
  },
}, async (request, reply) => {
  const body = request.body;
  const { rows } = await pool.query({
    name: 'order-insert',
    text: `INSERT INTO orders (customer_id, status, total_cents, note)
           VALUES ($1, COALESCE($2, 'new'), $3, $4) RETURNING ${columns}`,
    values: [body.customer_id, body.status ?? null, body.total_cents, body.note ?? null],
  });
  return reply.code(201).header('location', `/api/orders/${rows[0].id}`).send(rows[0]);
});

fastify.get('/api/orders', {
  schema: {
    querystring: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', pattern: '^eq\\.' },
        limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        after: { type: 'integer', default: 0 },
      },
    },
    response: { 200: { type: 'array', items: order } },
  },
}, async (request, reply) => {
  const { status, limit, after } = request.query;
  const value = status.slice(3);
  const { rows } = await pool.query({
    name: 'orders-by-status',
    text: `SELECT ${columns} FROM orders WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3`,
    values: [value, after, limit + 1],
  });
  if (rows.length > limit) {
    rows.length = limit;
    const next = `/api/orders?status=eq.${encodeURIComponent(value)}&limit=${limit}` +
      `&after=${rows[limit - 1].id}`;
    reply.header('link', `<${next}>; rel="next"`);
  }
  return rows;
});

const port = Number(process.env.PEER_LISTEN || 8081);
fastify.listen({ host: '127.0.0.1', port }).catch((error) => {
  console.error(error);
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => fastify.close().then(() => pool.end()).then(() => process.exit(0)));
}
