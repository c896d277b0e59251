-- Owned by the shipping service. order_id and customer_id are other services' ids: no foreign keys.

-- Copies of what shipping needs from order.created (data duplication), kept until the order is paid.
CREATE TABLE order_addresses (
    order_id    VARCHAR(36)  PRIMARY KEY,
    customer_id VARCHAR(36)  NOT NULL,
    address     VARCHAR(500) NOT NULL,
    received_at TIMESTAMP    NOT NULL
);

CREATE TABLE shipments (
    id              VARCHAR(36)  PRIMARY KEY,
    order_id        VARCHAR(36)  NOT NULL,
    customer_id     VARCHAR(36)  NOT NULL,
    address         VARCHAR(500) NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    tracking_number VARCHAR(40),
    reason          VARCHAR(40),
    created_at      TIMESTAMP    NOT NULL,
    CONSTRAINT shipments_one_per_order UNIQUE (order_id)
);
