<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/../src/Cart.php';

final class EmptyCartTest extends TestCase
{
    public function testTotalsZero(): void
    {
        work(0.1);
        $this->assertSame(0, (new Cart())->total());
    }
}
