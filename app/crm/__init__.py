"""Hand-off of qualified leads to the CRM: a transactional outbox, workers, the HubSpot adapter."""
