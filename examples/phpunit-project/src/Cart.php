<?php

declare(strict_types=1);

/** A tiny cart for the PHPUnit example. */
final class Cart
{
    /** @var array<string, int> */
    private array $cents = [];

    public function add(string $sku, int $cents): void
    {
        if ($cents < 0) {
            throw new InvalidArgumentException('a price cannot be negative');
        }
        $this->cents[$sku] = ($this->cents[$sku] ?? 0) + $cents;
    }

    public function total(): int
    {
        return array_sum($this->cents);
    }
}

function work(float $seconds): void
{
    $scale = (float) (getenv('EVENSHARD_EXAMPLE_TIME_SCALE') ?: '1');
    usleep((int) ($seconds * $scale * 1e6));
}
