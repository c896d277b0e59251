-- Owned by the payments service. order_id and customer_id are other services' ids: no foreign keys.
CREATE TABLE payments (
    id             VARCHAR(36)    PRIMARY KEY,
    order_id       VARCHAR(36)    NOT NULL,
    customer_id    VARCHAR(36)    NOT NULL,
    amount         NUMERIC(12, 2) NOT NULL,
    payment_method VARCHAR(100)   NOT NULL,
    status         VARCHAR(20)    NOT NULL,
    reason         VARCHAR(40),
    created_at     TIMESTAMP      NOT NULL,
    updated_at     TIMESTAMP      NOT NULL,
    CONSTRAINT payments_one_per_order UNIQUE (order_id)
);
