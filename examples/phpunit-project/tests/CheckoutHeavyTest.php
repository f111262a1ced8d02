<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/../src/Cart.php';

/** The heavy file. */
final class CheckoutHeavyTest extends TestCase
{
    public function testManyItems(): void
    {
        work(0.6);
        $cart = new Cart();
        for ($i = 0; $i < 100; $i++) {
            $cart->add("sku$i", 1);
        }
        $this->assertSame(100, $cart->total());
    }

    public function testOneItem(): void
    {
        work(0.4);
        $cart = new Cart();
        $cart->add('a', 5);
        $this->assertSame(5, $cart->total());
    }
}
