"""The JSON API for other systems: badge verification and its OpenAPI description."""
