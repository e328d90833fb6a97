"""Billing: orders for paid courses, the Stripe adapter (`gateway`, the only module that
imports stripe), webhook events (`events`) and fulfilment (`service`: start_checkout,
confirm_return, handle_event, orders_of)."""
