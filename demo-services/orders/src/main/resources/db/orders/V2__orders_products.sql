-- The products orders sells, with their prices: an order's prices come from here, never from the client (which
-- could otherwise buy anything for 0.00). GOLD exists to reach the order total's limit (NUMERIC(12,2)).
CREATE TABLE products (
    sku        VARCHAR(100)   PRIMARY KEY,
    name       VARCHAR(100)   NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0)
);

INSERT INTO products (sku, name, unit_price) VALUES
    ('BOOK-1', 'A book', 12.50),
    ('PEN-7', 'A pen', 3.20),
    ('MUG-3', 'A mug', 8.90),
    ('GOLD', 'A gold bar, priced to reach the order total''s limit', 99999999.99);
