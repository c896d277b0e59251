-- Owned by the orders service. customer_id is the users service's id: no foreign key across services.
CREATE TABLE orders (
    id               VARCHAR(36)    PRIMARY KEY,
    customer_id      VARCHAR(36)    NOT NULL,
    customer_name    VARCHAR(100)   NOT NULL,
    status           VARCHAR(20)    NOT NULL,
    reason           VARCHAR(40),
    total            NUMERIC(12, 2) NOT NULL,
    payment_method   VARCHAR(100)   NOT NULL,
    shipping_address VARCHAR(500)   NOT NULL,
    idempotency_key  VARCHAR(200),
    created_at       TIMESTAMP      NOT NULL,
    updated_at       TIMESTAMP      NOT NULL,
    -- The same key from the same customer is the same order.
    CONSTRAINT orders_idempotency_unique UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE order_items (
    order_id   VARCHAR(36)    NOT NULL REFERENCES orders (id),
    line       INTEGER        NOT NULL,
    sku        VARCHAR(100)   NOT NULL,
    quantity   INTEGER        NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL,
    PRIMARY KEY (order_id, line)
);

-- Copies of the customers this service needs (data duplication): orders still work while users is down.
CREATE TABLE customer_cache (
    id         VARCHAR(36)  PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    email      VARCHAR(200) NOT NULL,
    fetched_at TIMESTAMP    NOT NULL
);
