CREATE TABLE IF NOT EXISTS customers (id UInt32, name String, email Nullable(String), country String, signed_up Date) ENGINE = MergeTree ORDER BY id;
CREATE TABLE IF NOT EXISTS products (id UInt32, title String, category String, price Decimal(10, 2)) ENGINE = MergeTree ORDER BY id;
CREATE TABLE IF NOT EXISTS orders (id UInt64, customer_id UInt32, product_id UInt32, quantity UInt16, amount Float64, status Enum8('new' = 1, 'paid' = 2, 'shipped' = 3, 'cancelled' = 4), created DateTime) ENGINE = MergeTree ORDER BY id;
